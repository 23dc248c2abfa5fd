-- Faults injected by the simulation routes (SIMULATION=on only), so tests can make
-- the Supply API fail on purpose and prove the edge retries. A production supplier
-- never reads this table.
CREATE TABLE sim_faults (
  fault     TEXT PRIMARY KEY,                 -- create_order: POST /v1/orders answers 503
  remaining INTEGER NOT NULL CHECK (remaining >= 0) -- how many calls still fail; each call takes one
);
INSERT INTO sim_faults (fault, remaining) VALUES ('create_order', 0);

-- Finding orders by the edge's reference (the simulation routes accept it in place
-- of the supplier's id) without scanning every stored body.
CREATE INDEX orders_reference ON orders (json_extract(body, '$.reference'));
