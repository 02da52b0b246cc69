//! What the generated `Client` needs to know about the API as a whole: its title, its default
//! server, the kinds of credential its operations accept and which one every operation needs.

use super::Builder;
use crate::ir::{Auth, ClientInfo, CredentialKind};
use openapiv3 as oa;

impl Builder<'_> {
    /// The client's description, from `info`, `servers`, and the operations' security as
    /// already modelled.
    pub(super) fn client_info(&self) -> ClientInfo {
        let mut kinds: Vec<CredentialKind> = self
            .operations
            .iter()
            .flat_map(|op| op.auth.iter().map(kind))
            .collect();
        kinds.sort();
        kinds.dedup();
        let mut api_key_places: Vec<String> = self
            .operations
            .iter()
            .flat_map(|op| &op.auth)
            .filter_map(|auth| match auth {
                Auth::ApiKeyHeader(name) => Some(format!("the `{name}` header")),
                Auth::ApiKeyQuery(name) => Some(format!("the `{name}` query parameter")),
                Auth::ApiKeyCookie(name) => Some(format!("the `{name}` cookie")),
                Auth::Bearer | Auth::Basic => None,
            })
            .collect();
        api_key_places.sort();
        api_key_places.dedup();
        ClientInfo {
            title: self.doc.info.title.clone(),
            default_base_url: default_base_url(&self.doc.servers),
            credential_kinds: kinds,
            api_key_places,
            required_credential: self.required_credential(),
        }
    }

    /// The credential every operation needs, when each has a security requirement and none
    /// lets a client call it without one: the kind of the first scheme, in operation order.
    fn required_credential(&self) -> Option<CredentialKind> {
        if self.operations.is_empty() || self.operations.iter().any(|op| op.auth.is_empty()) {
            return None;
        }
        let optional = |security: &Option<Vec<oa::SecurityRequirement>>| {
            security
                .as_ref()
                .is_some_and(|requirements| requirements.iter().any(|r| r.is_empty()))
        };
        let any_optional = self.doc.paths.iter().any(|(_, item)| match item {
            oa::ReferenceOr::Item(item) => item.iter().any(|(_, op)| match &op.security {
                Some(_) => optional(&op.security),
                None => optional(&self.doc.security),
            }),
            oa::ReferenceOr::Reference { .. } => false,
        });
        if any_optional {
            return None;
        }
        self.operations.first()?.auth.first().map(kind)
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
