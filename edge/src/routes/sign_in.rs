//! `POST /v1/admin/signin`: a session for an owner's e-mail and password.

use crate::app::App;
use crate::auth;
use crate::cache::Cache;
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::platform::Platform;
use crate::store::Store;
use crate::supplier::Supplier;
use pocketshop_shared::admin::{Owner, Session, SignIn};

/// Signs in (200 `Session`), or `invalid_credentials` / `rate_limited`.
pub async fn sign_in<S: Store, P: Supplier, C: Cache, X: Platform>(
    app: &App<S, P, C, X>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let body = req.json::<SignIn>()?;
    let owner = auth::sign_in(app, req, &body.email, &body.password).await?;
    let (token, expires_at) = auth::open_session(app, &owner).await?;
    let session = Session {
        token,
        expires_at,
        owner: Owner {
            id: owner.id,
            email: owner.email,
        },
    };
    Ok(HttpResponse::json(200, &session))
}
