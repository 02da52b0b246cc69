//! What the generated `Client` needs to know about the API as a whole: its title, its default
//! server, the security schemes its operations name with the setter of each, and which
//! credential every operation needs.

use super::Builder;
use crate::ir::{Auth, ClientInfo, CredentialKind, SecurityScheme};
use crate::names::{self, Namespace};
use openapiv3 as oa;

/// The generated `ClientBuilder`'s methods other than credential setters, and `token` (the
/// bearer token's variable is `{PREFIX}_TOKEN`, so no scheme's may be): a scheme's own setter
/// never takes one of these names.
const BUILDER_METHODS: &[&str] = &[
    "api_key",
    "basic_auth",
    "bearer_token",
    "base_url",
    "build",
    "clone",
    "fmt",
    "max_response_body",
    "max_retries",
    "max_retry_after",
    "retry_backoff",
    "timeout",
    "token",
];

impl Builder<'_> {
    /// The client's description, from `info`, `servers`, the security schemes and the
    /// operations' security as already modelled.
    pub(super) fn client_info(&self) -> ClientInfo {
        let schemes = self.security_schemes();
        let mut kinds: Vec<CredentialKind> = schemes
            .iter()
            .filter(|scheme| scheme.shared)
            .map(|scheme| scheme.kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut api_key_places: Vec<String> = schemes
            .iter()
            .filter(|scheme| scheme.shared && kind(&scheme.auth) == CredentialKind::ApiKey)
            .map(|scheme| scheme.place.clone())
            .collect();
        api_key_places.sort();
        api_key_places.dedup();
        let required = self.required_credential(&schemes);
        ClientInfo {
            title: self.doc.info.title.clone(),
            default_base_url: default_base_url(&self.doc.servers),
            credential_kinds: kinds,
            api_key_places,
            required_credential: required,
            schemes,
        }
    }

    /// The schemes the operations name, sorted by name. A kind the API has one scheme of keeps
    /// its shared setter (`api_key`, `bearer_token`, `basic_auth`); several schemes of one kind
    /// each get a setter named after the scheme.
    fn security_schemes(&self) -> Vec<SecurityScheme> {
        let mut names: Vec<&String> = self
            .operations
            .iter()
            .flat_map(|op| op.security.iter().flatten())
            .collect();
        names.sort();
        names.dedup();
        let defined = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let found: Vec<(&String, Auth)> = names
            .into_iter()
            .filter_map(|name| match defined?.get(name)? {
                oa::ReferenceOr::Item(scheme) => Some((name, auth(scheme))),
                oa::ReferenceOr::Reference { .. } => None,
            })
            .collect();
        let mut setters = Namespace::with_reserved(BUILDER_METHODS);
        found
            .iter()
            .map(|(name, auth)| {
                let shared = found.iter().filter(|(_, a)| kind(a) == kind(auth)).count() == 1;
                let setter = match shared {
                    true => names::snake_name(shared_setter(kind(auth))),
                    false => setters.claim_ident(names::snake_name(name)),
                };
                SecurityScheme {
                    name: (*name).clone(),
                    place: place(auth),
                    kind: kind(auth),
                    auth: auth.clone(),
                    setter,
                    shared,
                }
            })
            .collect()
    }

    /// The credential every operation needs, when each has a security requirement, none lets
    /// a client call it without credentials, and the kind of the first operation's first
    /// scheme has a shared setter (`build` names that setter when no credential is given).
    fn required_credential(&self, schemes: &[SecurityScheme]) -> Option<CredentialKind> {
        let optional = |op: &crate::ir::Operation| {
            op.security.is_empty() || op.security.iter().any(Vec::is_empty)
        };
        if self.operations.is_empty() || self.operations.iter().any(optional) {
            return None;
        }
        let first = self.operations.first()?.security.first()?.first()?;
        let scheme = schemes.iter().find(|scheme| &scheme.name == first)?;
        scheme.shared.then(|| kind(&scheme.auth))
    }
}

/// Where a scheme's credential goes, from its type.
fn auth(scheme: &oa::SecurityScheme) -> Auth {
    match scheme {
        oa::SecurityScheme::APIKey { location, name, .. } => match location {
            oa::APIKeyLocation::Header => Auth::ApiKeyHeader(name.clone()),
            oa::APIKeyLocation::Query => Auth::ApiKeyQuery(name.clone()),
            oa::APIKeyLocation::Cookie => Auth::ApiKeyCookie(name.clone()),
        },
        oa::SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Auth::Basic
        }
        oa::SecurityScheme::HTTP { .. }
        | oa::SecurityScheme::OAuth2 { .. }
        | oa::SecurityScheme::OpenIDConnect { .. } => Auth::Bearer,
    }
}

/// Where a scheme's credential goes, for its setter's documentation.
fn place(auth: &Auth) -> String {
    match auth {
        Auth::ApiKeyHeader(name) => format!("the `{name}` header"),
        Auth::ApiKeyQuery(name) => format!("the `{name}` query parameter"),
        Auth::ApiKeyCookie(name) => format!("the `{name}` cookie"),
        Auth::Bearer => "`Authorization: Bearer <token>`".to_string(),
        Auth::Basic => "`Authorization: Basic` (HTTP basic authentication)".to_string(),
    }
}

/// The setter a kind's only scheme shares with the runtime's own names.
fn shared_setter(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::ApiKey => "api_key",
        CredentialKind::BearerToken => "bearer_token",
        CredentialKind::BasicAuth => "basic_auth",
    }
}

/// The kind of credential a scheme takes.
fn kind(auth: &Auth) -> CredentialKind {
    match auth {
        Auth::ApiKeyHeader(_) | Auth::ApiKeyQuery(_) | Auth::ApiKeyCookie(_) => {
            CredentialKind::ApiKey
        }
        Auth::Bearer => CredentialKind::BearerToken,
        Auth::Basic => CredentialKind::BasicAuth,
    }
}

/// The first server's URL with its variables at their defaults, when that is an absolute
/// http(s) URL; a relative URL (or none) leaves the base URL to the user.
fn default_base_url(servers: &[oa::Server]) -> Option<String> {
    let server = servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    (absolute && !url.contains('{')).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str, variables: &[(&str, &str)]) -> oa::Server {
        let variables = variables
            .iter()
            .map(|(name, default)| {
                let variable = oa::ServerVariable {
                    default: default.to_string(),
                    ..Default::default()
                };
                (name.to_string(), variable)
            })
            .collect();
        oa::Server {
            url: url.to_string(),
            variables: Some(variables),
            ..Default::default()
        }
    }

    #[test]
    fn the_default_base_url_is_the_first_absolute_server_with_its_defaults() {
        let url = |servers: &[oa::Server]| default_base_url(servers);
        assert_eq!(url(&[]), None);
        assert_eq!(
            url(&[server("https://api.example.com/v1", &[])]),
            Some("https://api.example.com/v1".to_string())
        );
        let templated = server(
            "https://{region}.example.com:{port}/v2",
            &[("region", "eu"), ("port", "8443")],
        );
        assert_eq!(
            url(&[templated]),
            Some("https://eu.example.com:8443/v2".to_string())
        );
        assert_eq!(url(&[server("/api/v3", &[])]), None);
        assert_eq!(url(&[server("https://{missing}.example.com", &[])]), None);
        assert_eq!(url(&[server("ftp://example.com", &[])]), None);
    }
}
