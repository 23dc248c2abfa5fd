// What an owner's agents and sharers earn, set in the console's Agents tab: the
// form shows the shop's shares (the defaults at first), saves new ones, refuses
// shares adding up to more than the whole margin with the server's message, and the
// saved shares are what the edge answers afterwards. The owner is a new one, signed
// up through the owner API, and signed in by the console's session token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openUrl, ownerShop, shot, EDGE, admin } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an owner sets what agents and sharers earn in the console, and a share over the whole is refused", async () => {
  const { token, slug } = await ownerShop("cm", "Shares");

  const page = await openUrl(browser, `${EDGE}/console/`, {
    init: `sessionStorage.setItem("pocketshop:console:token", ${JSON.stringify(token)});`,
  });
  await page.evaluate((s) => { location.hash = `#/shops/${s}/agents`; }, slug);
  const form = page.locator("[data-testid=pc-commission]");
  await form.waitFor({ timeout: 20_000 });
  const agent = form.locator("[data-testid=pc-commission-agent]");
  const upstream = form.locator("[data-testid=pc-commission-upstream]");
  const sharer = form.locator("[data-testid=pc-commission-sharer]");
  // The defaults, as the edge keeps them.
  await page.waitForFunction(() => document.querySelector("[data-testid=pc-commission-agent]")?.value !== "");
  assert.deepEqual([await agent.inputValue(), await upstream.inputValue(), await sharer.inputValue()], ["20", "5", "10"]);

  // Sharers get a quarter, agents 30 %, upstream agents nothing.
  await agent.fill("30");
  await upstream.fill("0");
  await sharer.fill("25");
  await form.locator("[data-testid=pc-commission-save]").click();
  await form.locator("[data-testid=pc-commission-saved]:not(:empty)").waitFor();
  await shot(page, "console-commission");
  assert.deepEqual(await admin("GET", `/shops/${slug}/commission`, token), { agent_bp: 3000, upstream_agent_bp: 0, sharer_bp: 2500 });

  // More than the whole margin: the form says why, and the edge keeps the last shares.
  await agent.fill("80");
  await form.locator("[data-testid=pc-commission-save]").click();
  const problem = form.locator("[role=alert]");
  await problem.waitFor();
  assert.match(await problem.textContent(), /\S/);
  assert.deepEqual(await admin("GET", `/shops/${slug}/commission`, token), { agent_bp: 3000, upstream_agent_bp: 0, sharer_bp: 2500 });

  // A reload shows the saved shares.
  await page.reload();
  await form.waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector("[data-testid=pc-commission-sharer]")?.value === "25");
  assert.equal(await agent.inputValue(), "30");
  // The refused save is the only answer that was not a success.
  const unexpected = page.problems.filter((p) => !p.includes("/commission") && !p.includes("status of 400"));
  assert.deepEqual(unexpected, []);
  await page.context().close();
});
