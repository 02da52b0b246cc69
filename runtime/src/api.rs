//! What a generated client fixes about its API: default server, User-Agent, security schemes
//! and the environment variables `from_env` reads. Generated code builds one [`ApiInfo`] in a
//! constant, by `const fn` calls, so a field added here later breaks no generated crate.

use crate::auth::{Scheme, API_KEY, BASIC_AUTH, BEARER_TOKEN};

/// What a generated client fixes about its API, from the API description and the generator's
/// configuration; the generated `Client::builder` passes it to the runtime's builder.
///
/// Built with [`ApiInfo::new`] and the `const fn` setters, each defaulting to "none".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiInfo {
    pub(crate) user_agent: &'static str,
    pub(crate) base_url_env: &'static str,
    pub(crate) default_base_url: Option<&'static str>,
    pub(crate) required_credential: Option<CredentialKind>,
    pub(crate) schemes: &'static [Scheme],
}

/// A kind of credential, for an API whose every operation needs one: what `build` asks for
/// when the client has none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialKind {
    /// An API key (the `api_key` setter).
    ApiKey,
    /// A bearer token (the `bearer_token` setter).
    BearerToken,
    /// A user and password for HTTP basic authentication (the `basic_auth` setter).
    BasicAuth,
}

impl CredentialKind {
    /// The builder setter that gives a credential of this kind.
    pub(crate) fn setter(self) -> &'static str {
        match self {
            Self::ApiKey => API_KEY,
            Self::BearerToken => BEARER_TOKEN,
            Self::BasicAuth => BASIC_AUTH,
        }
    }
}

impl ApiInfo {
    /// An API sending `user_agent` (such as `petstore-client/0.1.0`) whose base URL `from_env`
    /// reads from `base_url_env`; no default server, no security schemes.
    pub const fn new(user_agent: &'static str, base_url_env: &'static str) -> Self {
        Self {
            user_agent,
            base_url_env,
            default_base_url: None,
            required_credential: None,
            schemes: &[],
        }
    }

    /// The base URL used when none is given: the API's first server URL with its variables at
    /// their defaults, when that is an absolute http(s) URL.
    pub const fn default_base_url(mut self, url: &'static str) -> Self {
        self.default_base_url = Some(url);
        self
    }

    /// The credential `build` asks for when the client has none, for an API whose every
    /// operation needs one.
    pub const fn required_credential(mut self, kind: CredentialKind) -> Self {
        self.required_credential = Some(kind);
        self
    }

    /// The API's security schemes that its operations name.
    pub const fn schemes(mut self, schemes: &'static [Scheme]) -> Self {
        self.schemes = schemes;
        self
    }

    /// The environment variable the credential of `setter` is read from, if any.
    pub(crate) fn env_of(&self, setter: &str) -> Option<&'static str> {
        let mut schemes = self.schemes.iter();
        schemes.find_map(|scheme| (scheme.setter() == setter).then(|| scheme.env_var())?)
    }
}
