//! The Workers runtime at the edge of the crate: converts `worker::Request` into an
//! [`HttpRequest`] and back, builds the real services from `Env`, and provides the
//! clock and the log.
//!
//! Invariants: a body larger than [`MAX_BODY_BYTES`] is never handled and never
//! kept whole: one without a length, or with a length over the limit, is read
//! through a [`BodyReader`] (read and dropped only up to [`DRAINED_BYTES`]; a
//! declared length past that is refused unread); every response carries a request
//! id.

use crate::app::App;
use crate::cache::kv::KvCache;
use crate::catalogue::memo::Memo;
use crate::config::Config;
use crate::error::Error;
use crate::http::{
    too_large, BodyReader, HttpRequest, HttpResponse, Method, DRAINED_BYTES, MAX_BODY_BYTES,
};
use crate::pages::PageMemo;
use crate::payments::Payments;
use crate::platform::worker::WorkerPlatform;
use crate::shops::ShopMemo;
use crate::store::d1::D1Store;
use crate::supplier::http::HttpSupplier;
use pocketshop_shared::{ApiError, OrderId};
use std::cell::RefCell;
use std::rc::Rc;

/// Logs an internal failure (to the Worker's log, or stderr natively).
pub fn log_error(line: &str) {
    #[cfg(target_arch = "wasm32")]
    worker::console_error!("{line}");
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{line}");
}

/// The current time, unix seconds.
pub fn now() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (worker::Date::now().as_millis() / 1000) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    }
}

/// Serves one request in the Worker. A catalogue refresh the request made due (see
/// [`crate::catalogue::memo`]) runs after the answer, kept alive by `ctx`.
pub async fn serve(
    req: worker::Request,
    env: worker::Env,
    ctx: worker::Context,
) -> worker::Result<worker::Response> {
    let request_id = crate::random::hex(8).unwrap_or_else(|_| "unknown".to_owned());
    let response = match build(&env).map_err(|e| e.into_api(&request_id, log_error)) {
        Ok(app) => {
            let response = match read(req).await {
                Ok(request) => crate::handle(&app, &request, &request_id).await,
                Err(e) => HttpResponse::error(&e).with_header("x-request-id", &request_id),
            };
            // Only then: handing the runtime a future costs calls into JavaScript.
            if app.memo.due() {
                ctx.wait_until(async move { crate::catalogue::refresh(&app).await });
            }
            response
        }
        Err(e) => HttpResponse::error(&e).with_header("x-request-id", &request_id),
    };
    write(response)
}

/// Runs an order's lifecycle from its timer (see [`crate::timer`]): the next time
/// it is due, or `None`; a failure comes back as its logged chain.
pub async fn advance_order(env: &worker::Env, order: &str) -> Result<Option<i64>, String> {
    let request_id = crate::random::hex(8).unwrap_or_else(|_| "timer".to_owned());
    let app = build(env).map_err(|e| format!("{:?}", e.into_api(&request_id, log_error)))?;
    let Ok(id) = OrderId::parse(order) else {
        return Ok(None);
    };
    crate::lifecycle::advance(&app, &id)
        .await
        .map_err(|e| format!("{:?}", e.into_api(&request_id, log_error)))
}

type WorkerApp = App<D1Store, HttpSupplier, KvCache, WorkerPlatform>;

thread_local! {
    /// The isolate's decoded catalogue: it outlives requests, as the isolate does.
    static MEMO: Rc<Memo> = Rc::new(Memo::default());
    /// The isolate's recent shop records, likewise.
    static SHOPS: Rc<ShopMemo> = Rc::new(ShopMemo::default());
    /// The isolate's rendered catalogue pages, likewise.
    static PAGES: Rc<PageMemo> = Rc::new(PageMemo::default());
    /// The isolate's configuration (see [`config`]).
    static CONFIG: RefCell<Option<(Config, Payments)>> = const { RefCell::new(None) };
}

/// The configuration, read from `env` once per isolate: an isolate's variables and
/// secrets never change (a new deployment, or a changed secret, starts new
/// isolates), and reading some thirty of them, each a call into JavaScript (two
/// for those that may be a secret or a variable), cost every request. A
/// configuration that does not read is not kept, so every request reports it.
fn config(env: &worker::Env) -> Result<(Config, Payments), Error> {
    if let Some(read) = CONFIG.with(|c| c.borrow().clone()) {
        return Ok(read);
    }
    let config = Config::from_env(env)?;
    let read = (config.clone(), Payments::new(&config.payments));
    CONFIG.with(|c| *c.borrow_mut() = Some(read.clone()));
    Ok(read)
}

fn build(env: &worker::Env) -> Result<WorkerApp, Error> {
    let (config, payments) = config(env)?;
    let binding = |name: &'static str, e: worker::Error| {
        Error::Config(crate::config::ConfigError::Invalid {
            name,
            reason: e.to_string(),
        })
    };
    Ok(App {
        store: D1Store::new(env.d1("DB").map_err(|e| binding("DB", e))?),
        supplier: HttpSupplier::new(&config),
        cache: KvCache::new(env.kv("CATALOGUE").map_err(|e| binding("CATALOGUE", e))?),
        memo: MEMO.with(Rc::clone),
        shops: SHOPS.with(Rc::clone),
        pages: PAGES.with(Rc::clone),
        platform: WorkerPlatform::new(env.clone()),
        payments,
        config,
        now: now(),
    })
}

async fn read(mut req: worker::Request) -> Result<HttpRequest, ApiError> {
    let declared = req
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|l| l.parse::<u64>().ok());
    if declared.is_some_and(|l| l > DRAINED_BYTES as u64) {
        return Err(too_large());
    }
    let url = req.url().map_err(|_| ApiError::BadRequest {
        message: "unreadable URL".into(),
    })?;
    let method = Method::parse(req.method().as_ref());
    let body = match method {
        Method::Get | Method::Head | Method::Options => Vec::new(),
        // A length within the limit bounds the body already (the runtime holds a
        // body to its declared length): read it in one call, not chunk by chunk.
        _ if declared.is_some_and(|l| l <= MAX_BODY_BYTES as u64) => {
            req.bytes().await.map_err(|_| unreadable())?
        }
        _ => read_body(&mut req).await?,
    };
    Ok(HttpRequest {
        method,
        path: url.path().to_owned(),
        query: url.query().unwrap_or_default().to_owned(),
        headers: req
            .headers()
            .entries()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect(),
        body,
    })
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

fn write(response: HttpResponse) -> worker::Result<worker::Response> {
    let headers = worker::Headers::new();
    for (name, value) in &response.headers {
        headers.set(name, value)?;
    }
    // A 204 must not have a body at all, not even an empty one, in the Fetch API.
    let body = if response.body.is_empty() {
        worker::Response::empty()?
    } else {
        worker::Response::from_bytes(response.body)?
    };
    Ok(body.with_status(response.status).with_headers(headers))
}
