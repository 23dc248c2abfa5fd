//! `POST /v1/admin/signout`: revokes the request's session.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::ApiError;

/// Revokes the session (204); `unauthorized` when it is not valid any more.
pub async fn sign_out<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    auth::owner_session(app, req).await?;
    let token = auth::bearer(req).ok_or(ApiError::Unauthorized)?;
    app.store.delete_session(&auth::token_hash(token)).await?;
    Ok(HttpResponse::empty(204))
}
