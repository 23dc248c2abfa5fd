//! Errors as one log line: the error and every source, `outer: inner: innermost`.
//! Used where an internal failure is logged before the client sees only a request id.

/// The error and its sources, `: `-separated.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner;

    #[test]
    fn every_source_is_on_the_line() {
        assert_eq!(chain(&Outer(Inner)), "outer: inner");
    }
}
