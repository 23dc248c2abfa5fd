//! The owner's session token, kept in `sessionStorage` (this tab only, gone when the
//! tab closes).
//!
//! Invariants: the token is stored under one key and nowhere else (not in
//! `localStorage`, not in the URL); every function tolerates storage being absent
//! or refused and then behaves as signed out.

const KEY: &str = "pocketshop:console:token";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// The saved token, if any.
pub fn load() -> Option<String> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .filter(|t| !t.is_empty())
}

/// Saves the token of a new session.
pub fn save(token: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, token);
    }
}

/// Forgets the token.
pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
