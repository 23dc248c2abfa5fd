//! `POST /v1/admin/member-secret`: a new secret for the owner's member tokens.

use crate::base::http::{HttpRequest, HttpResponse};
use crate::base::random;
use crate::domain::owners::auth;
use crate::domain::services::Services;
use crate::ports::error::Error;
use crate::ports::prelude::*;
use pocketshop_shared::owner::MemberSecret;

/// Replaces the secret and shows the new one once; tokens signed with the old one
/// stop verifying.
pub async fn rotate_member_secret<P: Ports>(
    app: &Services<P>,
    req: &HttpRequest,
) -> Result<HttpResponse, Error> {
    let owner = auth::owner_session(app, req).await?;
    let secret = random::hex(32)?;
    app.store.set_member_secret(&owner.id, &secret).await?;
    Ok(HttpResponse::json(200, &MemberSecret { secret }))
}
