// The baseline of `cargo xtask bench`: the least a Worker can do for a JSON answer.
// Served by the same workerd as the edge in the same run, so the ratio of the edge's
// requests per second to this one's says how close the edge is to the runtime's limit.
export default {
  async fetch() {
    return Response.json({ ok: true });
  },
};
