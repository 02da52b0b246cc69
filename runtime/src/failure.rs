//! How one attempt can fail before a complete response is read, and the public error each
//! failure becomes.

use crate::Error;

/// How one attempt failed before a complete response was read.
#[derive(Debug)]
pub(crate) enum Failure {
    /// No connection could be made; the server cannot have seen the request.
    Connect(reqwest::Error),
    /// The attempt ran past the timeout; the server may have seen the request.
    Timeout(reqwest::Error),
    /// Any other failure of the exchange, such as a reset mid-body.
    Transport(reqwest::Error),
    /// The body passed the size cap.
    TooLarge {
        /// The status of the response whose body was too large.
        status: u16,
        /// The cap in bytes.
        limit: u64,
    },
}

impl Failure {
    /// Sorts a reqwest error; a timeout is checked first because a connect that times out is
    /// still a timeout the caller configured.
    pub(crate) fn classify(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Self::Timeout(err)
        } else if err.is_connect() {
            Self::Connect(err)
        } else {
            Self::Transport(err)
        }
    }

    /// The same failure without the request URL in its cause, for a request whose URL holds
    /// the API key (reqwest's errors print their URL).
    pub(crate) fn without_url(self) -> Self {
        match self {
            Self::Connect(err) => Self::Connect(err.without_url()),
            Self::Timeout(err) => Self::Timeout(err.without_url()),
            Self::Transport(err) => Self::Transport(err.without_url()),
            too_large @ Self::TooLarge { .. } => too_large,
        }
    }

    /// The public error for this failure after `attempts` attempts.
    pub(crate) fn into_error<E>(self, attempts: u32) -> Error<E> {
        match self {
            Self::Connect(err) => Error::Connect {
                attempts,
                source: Box::new(err),
            },
            Self::Timeout(err) => Error::Timeout {
                attempts,
                source: Box::new(err),
            },
            Self::Transport(err) => Error::Transport {
                attempts,
                source: Box::new(err),
            },
            Self::TooLarge { status, limit } => Error::BodyTooLarge { status, limit },
        }
    }
}
