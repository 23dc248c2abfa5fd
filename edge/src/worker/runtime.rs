//! The Workers runtime at the edge of the crate: converts the runtime's `Request`
//! into an [`HttpRequest`] and back, builds the real services from `Env`, and
//! provides the clock and the log. Each crossing into JavaScript costs a cached
//! catalogue read measurably, so headers cross as one string each way, bindings
//! are looked up only when used, and an answer ready at once is not made a promise.
//!
//! Invariants: a body larger than [`MAX_BODY_BYTES`] is never handled and never
//! kept whole: one without a length, or with a length over the limit, is read
//! through a [`BodyReader`] (read and dropped only up to [`DRAINED_BYTES`]; a
//! declared length past that is refused unread); every response written carries a
//! request id (one the runtime refuses to build becomes the runtime's own 500).

use crate::adapters::binding::Bindings;
use crate::adapters::d1::D1Store;
use crate::adapters::kv::KvCache;
use crate::adapters::supplier::http::HttpSupplier;
use crate::adapters::worker_platform::WorkerPlatform;
use crate::base::clock::now;
use crate::base::config::Config;
use crate::base::http::{
    self, too_large, BodyReader, HttpRequest, HttpResponse, Method, DRAINED_BYTES, MAX_BODY_BYTES,
};
use crate::base::log::log_error;
use crate::domain::memo::catalogue::Memo;
use crate::domain::memo::pages::PageMemo;
use crate::domain::memo::shops::ShopMemo;
use crate::domain::payments::Payments;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::{ApiError, OrderId};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};
use worker::worker_sys::web_sys;

/// The fetch handler's answer to `req`: a `Response`, or a promise of one.
///
/// The request is served by polling once at once: a kept catalogue page needs
/// nothing awaited, and answering it then spares the promise and the microtask
/// turns of a future. Anything that waits is then driven as a promise (a future
/// registers its waker at every poll, so the first poll's inert one is never
/// needed).
pub fn fetch(req: web_sys::Request, env: worker::Env, ctx: worker::worker_sys::Context) -> JsValue {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    let mut served = Box::pin(serve(req, env, worker::Context::new(ctx)));
    match served
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(Ok(response)) => response.into(),
        Poll::Ready(Err(refused)) => js_sys::Promise::reject(&refused).into(),
        Poll::Pending => {
            wasm_bindgen_futures::future_to_promise(async move { served.await.map(JsValue::from) })
                .into()
        }
    }
}

/// Serves one request in the Worker. A catalogue refresh the request made due (see
/// [`crate::domain::memo::catalogue`]) runs after the answer, kept alive by `ctx`.
async fn serve(
    req: web_sys::Request,
    env: worker::Env,
    ctx: worker::Context,
) -> Result<web_sys::Response, JsValue> {
    let request_id = request_id();
    let response = match build(&env).map_err(|e| e.into_api(&request_id, log_error)) {
        Ok(app) => {
            let response = match read(req).await {
                Ok(request) => crate::web::handle(&app, &request, &request_id).await,
                Err(e) => HttpResponse::error(&e).with_header("x-request-id", &request_id),
            };
            // Only then: handing the runtime a future costs calls into JavaScript.
            if app.memo.due() {
                ctx.wait_until(async move { crate::domain::catalogue::refresh(&app).await });
            }
            response
        }
        Err(e) => HttpResponse::error(&e).with_header("x-request-id", &request_id),
    };
    write(response, &request_id)
}

/// Runs an order's lifecycle from its timer (see [`crate::worker::order_timer`]): the next time
/// it is due, or `None`; a failure comes back as its logged chain.
pub async fn advance_order(env: &worker::Env, order: &str) -> Result<Option<i64>, String> {
    let request_id = crate::base::random::hex(8).unwrap_or_else(|_| "timer".to_owned());
    let app = build(env).map_err(|e| format!("{:?}", e.into_api(&request_id, log_error)))?;
    let Ok(id) = OrderId::parse(order) else {
        return Ok(None);
    };
    crate::domain::orders::lifecycle::advance(&app, &id)
        .await
        .map_err(|e| format!("{:?}", e.into_api(&request_id, log_error)))
}

/// The ports as the Worker implements them.
pub struct WorkerPorts;

impl Ports for WorkerPorts {
    type Store = D1Store;
    type Supplier = HttpSupplier;
    type Cache = KvCache;
    type Platform = WorkerPlatform;
}

type WorkerServices = Services<WorkerPorts>;

impl Bindings for worker::Env {
    fn d1(&self, name: &str) -> worker::Result<worker::D1Database> {
        worker::Env::d1(self, name)
    }
    fn kv(&self, name: &str) -> worker::Result<worker::KvStore> {
        worker::Env::kv(self, name)
    }
    fn durable_object(&self, name: &str) -> worker::Result<worker::ObjectNamespace> {
        worker::Env::durable_object(self, name)
    }
    fn rate_limiter(&self, name: &str) -> worker::Result<worker::RateLimiter> {
        worker::Env::rate_limiter(self, name)
    }
}

thread_local! {
    /// The isolate's decoded catalogue: it outlives requests, as the isolate does.
    static MEMO: Rc<Memo> = Rc::new(Memo::default());
    /// The isolate's recent shop records, likewise.
    static SHOPS: Rc<ShopMemo> = Rc::new(ShopMemo::default());
    /// The isolate's rendered catalogue pages, likewise.
    static PAGES: Rc<PageMemo> = Rc::new(PageMemo::default());
    /// This isolate's request ids so far: a random prefix drawn once, and a count.
    static REQUEST_IDS: Cell<Option<(u32, u32)>> = const { Cell::new(None) };
    /// The isolate's configuration (see [`config`]).
    static CONFIG: RefCell<Option<(Rc<Config>, Rc<Payments>)>> = const { RefCell::new(None) };
}

/// A new request id: 16 hex digits, this isolate's random prefix and its count of
/// requests. Ids only find a request in the logs, so they need be unique, not
/// unguessable, and drawing fresh random bytes for each would cost a call into
/// JavaScript on every request.
fn request_id() -> String {
    let drawn = REQUEST_IDS.with(|ids| {
        let (prefix, count) = match ids.get() {
            Some(held) => held,
            None => (
                u32::from_be_bytes(crate::base::random::bytes::<4>().ok()?),
                0,
            ),
        };
        ids.set(Some((prefix, count.wrapping_add(1))));
        Some((prefix, count))
    });
    drawn.map_or_else(
        || "unknown".to_owned(),
        |(prefix, count)| format!("{prefix:08x}{count:08x}"),
    )
}

/// The configuration, read from `env` once per isolate: an isolate's variables and
/// secrets never change (a new deployment, or a changed secret, starts new
/// isolates), and reading some thirty of them, each a call into JavaScript (two
/// for those that may be a secret or a variable), cost every request. A
/// configuration that does not read is not kept, so every request reports it.
fn config(env: &worker::Env) -> Result<(Rc<Config>, Rc<Payments>), Error> {
    if let Some(read) = CONFIG.with(|c| c.borrow().clone()) {
        return Ok(read);
    }
    let config = Config::read(
        |name| env.var(name).ok().map(|v| v.to_string()),
        |name| env.secret(name).ok().map(|v| v.to_string()),
    )?;
    let payments = Rc::new(Payments::new(&config.payments));
    let read = (Rc::new(config), payments);
    CONFIG.with(|c| *c.borrow_mut() = Some(read.clone()));
    Ok(read)
}

fn build(env: &worker::Env) -> Result<WorkerServices, Error> {
    let (config, payments) = config(env)?;
    let bindings: std::rc::Rc<dyn Bindings> = std::rc::Rc::new(env.clone());
    Ok(Services {
        store: D1Store::new(bindings.clone()),
        supplier: HttpSupplier::new(&config),
        cache: KvCache::new(bindings.clone()),
        memo: MEMO.with(Rc::clone),
        shops: SHOPS.with(Rc::clone),
        pages: PAGES.with(Rc::clone),
        platform: WorkerPlatform::new(bindings),
        payments,
        config,
        now: now(),
    })
}

async fn read(req: web_sys::Request) -> Result<HttpRequest, ApiError> {
    let url = req.url();
    let (path, query) = http::split_url(&url).ok_or_else(|| ApiError::BadRequest {
        message: "unreadable URL".into(),
    })?;
    let mut request = HttpRequest {
        method: Method::parse(&req.method()),
        path: path.to_owned(),
        query: query.to_owned(),
        headers: http::parse_head(&head(&req)),
        body: Vec::new(),
    };
    let declared = request
        .header("content-length")
        .and_then(|l| l.parse::<u64>().ok());
    if declared.is_some_and(|l| l > DRAINED_BYTES as u64) {
        return Err(too_large());
    }
    request.body = match request.method {
        Method::Get | Method::Head | Method::Options => Vec::new(),
        // A length within the limit bounds the body already (the runtime holds a
        // body to its declared length): read it in one call, not chunk by chunk.
        _ if declared.is_some_and(|l| l <= MAX_BODY_BYTES as u64) => worker::Request::from(req)
            .bytes()
            .await
            .map_err(|_| unreadable())?,
        _ => read_body(&mut worker::Request::from(req)).await?,
    };
    Ok(request)
}

fn unreadable() -> ApiError {
    ApiError::BadRequest {
        message: "unreadable body".into(),
    }
}

/// The request's body through a [`BodyReader`]: chunk by chunk, so a body sent
/// without a length (or with one over the limit) is bounded all the same.
async fn read_body(req: &mut worker::Request) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    // No body at all reads as an empty one.
    let Ok(mut chunks) = req.stream() else {
        return Ok(Vec::new());
    };
    let mut reader = BodyReader::default();
    while let Some(chunk) = chunks.next().await {
        if !reader.push(&chunk.map_err(|_| unreadable())?) {
            break;
        }
    }
    reader.finish()
}

/// The runtime's `Response` for `response`, its headers sent across as one string
/// (one call, where each header cost a call and two string conversions). A header
/// the runtime would refuse is logged and answered as an internal error.
fn write(response: HttpResponse, request_id: &str) -> Result<web_sys::Response, JsValue> {
    if let Some(head) = http::write_head(&response.headers) {
        return respond(response.status, &head, &response.body);
    }
    log_error(&format!(
        "request {request_id}: a response header holds a line break or NUL"
    ));
    let failure = HttpResponse::error(&ApiError::Internal {
        request_id: request_id.to_owned(),
    })
    .with_header("x-request-id", request_id);
    let head = http::write_head(&failure.headers).unwrap_or_default();
    respond(failure.status, &head, &failure.body)
}

#[wasm_bindgen(inline_js = r#"
export function head(req) {
  let head = "";
  for (const [name, value] of req.headers) head += name + "\n" + value + "\n";
  return head;
}
export function respond(status, head, body) {
  // A plain object: the runtime takes it in half the time of pairs or `Headers`
  // (names are unique: `HttpResponse::set_header` replaces).
  const lines = head.split("\n");
  const headers = {};
  for (let i = 0; i + 1 < lines.length; i += 2) headers[lines[i]] = lines[i + 1];
  return new Response(body.length === 0 ? null : body, { status, headers });
}
"#)]
extern "C" {
    /// The request's headers as `name\nvalue\n` pairs, names in lower case: one
    /// string across, where reading each header cost an iterator step and two
    /// strings.
    fn head(req: &web_sys::Request) -> String;
    /// A `Response` of `status` with the headers `head` (as [`http::write_head`]
    /// writes them) and a copy of `body` (none when empty: a 204 or 304 must have
    /// none at all).
    #[wasm_bindgen(catch)]
    fn respond(status: u16, head: &str, body: &[u8]) -> Result<web_sys::Response, JsValue>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_of_one_isolate_are_sixteen_hex_digits_and_never_repeat() {
        let ids: Vec<String> = (0..1000).map(|_| request_id()).collect();
        assert!(ids
            .iter()
            .all(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())));
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
        // One prefix for the isolate (the thread here), so a request is found by it.
        assert!(ids.iter().all(|id| id[..8] == ids[0][..8]));
    }
}
