//! `POST /v1/admin/signin`: a session for an owner's e-mail and password.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::{Owner, Session, SignIn};

/// Signs in (200 `Session`), or `invalid_credentials` / `rate_limited`.
pub async fn sign_in<P: Ports>(
    app: &Services<P>,
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
