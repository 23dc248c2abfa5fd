// Pre-sale voting in the widget. The owner puts two styles to a vote through the
// owner API; two shoppers in two browser contexts (their own shopper ids) vote in
// the shop, one vote each; the owner puts the favourite on pre-sale; the voters are
// told once, on their next visit, and the style is listed on pre-sale with its ship
// date, while a shopper who did not vote for it is told nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, admin, ownerShop, shopPage, ready, shot, DEMO, uniqueTag } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


/// The style row titled `title` on the board inside `card`.
const styleRow = (card, title) => card.locator("[data-testid=ps-style]", { hasText: title });

/// How many times the page asked the edge for the pre-sale board.
function presaleAsks(page) {
  return page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.includes("/presale?")).length);
}

test("followers vote on styles once each, and the voters of the style put on pre-sale are told once", async () => {
  const u = uniqueTag();
  const { token, slug } = await ownerShop("pre", "Made To Vote");
  const sage = await admin("POST", `/shops/${slug}/styles`, token, { title: "Linen shirt, sage", description: "Loose fit" });
  await admin("POST", `/shops/${slug}/styles`, token, { title: "Linen shirt, rust", description: "Loose fit" });
  const url = `${DEMO}/presale-${u}.html`;

  // The first follower sees both styles without votes and votes for sage.
  const first = await shopPage(browser, url, slug, { title: "Which colour next?" });
  let card = await ready(first, "pocket-shop");
  await card.locator("[data-testid=ps-presale]").waitFor({ timeout: 20_000 });
  assert.equal(await card.locator("[data-testid=ps-style]").count(), 2);
  // The board asks once: a second ask would spend the notices handed out once.
  assert.equal(await presaleAsks(first), 1);
  // No product is picked yet: the shop says so, rather than that none matches.
  assert.equal(await card.locator("[data-testid=ps-empty]").textContent(), "No products here yet.");
  // A search that finds nothing says that instead.
  await card.locator("[data-testid=ps-search]").fill("linen");
  await card.locator("[data-testid=ps-empty]", { hasText: "No products match." }).waitFor({ timeout: 20_000 });
  await card.locator("[data-testid=ps-search]").fill("");
  await card.locator("[data-testid=ps-empty]", { hasText: "No products here yet." }).waitFor({ timeout: 20_000 });
  assert.equal(await styleRow(card, "sage").locator("[data-testid=ps-style-votes]").textContent(), "0");
  await styleRow(card, "sage").locator("[data-testid=ps-style-vote]").click();
  await styleRow(card, "sage").locator("[data-testid=ps-style-votes]", { hasText: "1" }).waitFor({ timeout: 20_000 });
  assert.equal(await styleRow(card, "sage").locator("[data-testid=ps-style-vote]").isDisabled(), true, "one vote per follower");
  assert.equal(await styleRow(card, "rust").locator("[data-testid=ps-style-vote]").isDisabled(), false);
  await shot(first, "presale-voted");

  // The second follower sees that vote and adds one for rust.
  const second = await shopPage(browser, url, slug, { title: "Which colour next?" });
  const secondCard = await ready(second, "pocket-shop");
  await secondCard.locator("[data-testid=ps-presale]").waitFor({ timeout: 20_000 });
  assert.equal(await styleRow(secondCard, "sage").locator("[data-testid=ps-style-votes]").textContent(), "1");
  await styleRow(secondCard, "rust").locator("[data-testid=ps-style-vote]").click();
  await styleRow(secondCard, "rust").locator("[data-testid=ps-style-votes]", { hasText: "1" }).waitFor({ timeout: 20_000 });

  // Coming back, the first follower's vote is remembered by the edge.
  await first.reload();
  card = await ready(first, "pocket-shop");
  await card.locator("[data-testid=ps-presale]").waitFor({ timeout: 20_000 });
  assert.equal(await styleRow(card, "sage").locator("[data-testid=ps-style-vote]").isDisabled(), true);
  assert.equal(await styleRow(card, "rust").locator("[data-testid=ps-style-votes]").textContent(), "1");

  // The owner puts sage on pre-sale, shipping in two weeks.
  const shipDate = Math.floor(Date.now() / 1000) + 14 * 86400;
  await admin("POST", `/shops/${slug}/styles/${sage.id}/promote`, token, { ship_date: shipDate });

  // The sage voter is told on the next visit; sage is on pre-sale, out of the vote.
  await first.reload();
  card = await ready(first, "pocket-shop");
  const notice = card.locator("[data-testid=ps-presale-notice]");
  await notice.waitFor({ timeout: 20_000 });
  assert.equal(await presaleAsks(first), 1);
  assert.ok((await notice.textContent()).includes("Linen shirt, sage"));
  const onSale = card.locator("[data-testid=ps-presale-style]");
  assert.equal(await onSale.count(), 1);
  assert.ok((await onSale.textContent()).includes("Linen shirt, sage"));
  // A ship date names a day, without a time of day.
  assert.match(await onSale.textContent(), /Ships \d{4}-\d{2}-\d{2}(?!\s*\d)/);
  assert.ok(!(await onSale.textContent()).includes("UTC"));
  assert.equal(await card.locator("[data-testid=ps-style]").count(), 1, "only rust left in the vote");
  await shot(first, "presale-notice");
  await notice.locator("[data-testid=ps-presale-notice-close]").click();
  assert.equal(await notice.count(), 0);
  // Told once: the next visit shows the pre-sale, not the notice again.
  await first.reload();
  card = await ready(first, "pocket-shop");
  await card.locator("[data-testid=ps-presale-style]").waitFor({ timeout: 20_000 });
  assert.equal(await card.locator("[data-testid=ps-presale-notice]").count(), 0);

  // The rust voter sees sage on pre-sale but is told nothing.
  await second.reload();
  const again = await ready(second, "pocket-shop");
  await again.locator("[data-testid=ps-presale-style]").waitFor({ timeout: 20_000 });
  assert.equal(await again.locator("[data-testid=ps-presale-notice]").count(), 0);

  assert.deepEqual(first.problems, []);
  assert.deepEqual(second.problems, []);
  await first.context().close();
  await second.context().close();
});
