//! The embeddable widget (arrives with the widget issue).
