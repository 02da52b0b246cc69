//! The API's own `Client` and `ClientBuilder`: thin wrappers over the runtime's, fixing what
//! belongs to this API (default server, environment variables, security schemes, User-Agent),
//! with one credential setter per kind of security scheme the operations use, or per scheme
//! where the API has several of a kind.

use super::doc;
use crate::ir::{Auth, ClientInfo, CredentialKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's import and re-exports, the constants, `Client` and `ClientBuilder`.
pub(super) fn client(
    info: &ClientInfo,
    runtime_path: &TokenStream,
    env_prefix: &str,
) -> TokenStream {
    let env = Env::new(info, env_prefix);
    let constants = constants(info, &env);
    let client = client_struct(info, &env);
    let builder = builder_struct(info, &env);
    quote! {
        use #runtime_path as runtime;

        pub use runtime::{ApiError, BoxError, BuildError, Error, InvalidRequest, Violation};

        #constants
        #client
        #builder
    }
}

/// The environment variables `from_env` reads.
struct Env {
    api_key: Option<String>,
    token: Option<String>,
    base_url: String,
    prefix: String,
}

impl Env {
    fn new(info: &ClientInfo, prefix: &str) -> Self {
        let shared = |setter: &str| {
            info.schemes
                .iter()
                .any(|s| s.shared && s.setter.as_str() == setter)
        };
        Env {
            api_key: shared("api_key").then(|| format!("{prefix}_API_KEY")),
            token: shared("bearer_token").then(|| format!("{prefix}_TOKEN")),
            base_url: format!("{prefix}_BASE_URL"),
            prefix: prefix.to_string(),
        }
    }

    /// The variable of a scheme with a setter of its own (none for basic authentication,
    /// whose two parts would need two).
    fn own(&self, scheme: &SecurityScheme) -> Option<String> {
        let name = scheme
            .setter
            .as_str()
            .trim_end_matches('_')
            .to_ascii_uppercase();
        let takes_one = scheme.auth != Auth::Basic;
        (!scheme.shared && takes_one).then(|| format!("{}_{name}", self.prefix))
    }
}

fn constants(info: &ClientInfo, env: &Env) -> TokenStream {
    let base_url = info.default_base_url.as_ref().map(|url| {
        quote! {
            /// The API's server: the first entry of the spec's `servers`.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let api_key = env.api_key.as_ref().map(|name| {
        quote! {
            /// The environment variable [`Client::from_env`] reads the API key from.
            pub const API_KEY_ENV: &str = #name;
        }
    });
    let token = env.token.as_ref().map(|name| {
        quote! {
            /// The environment variable [`Client::from_env`] reads the bearer token from.
            pub const TOKEN_ENV: &str = #name;
        }
    });
    let base_url_env = &env.base_url;
    quote! {
        #base_url
        #api_key
        #token
        /// The environment variable [`Client::from_env`] reads a base URL from, when it is set.
        pub const BASE_URL_ENV: &str = #base_url_env;
    }
}

fn client_struct(info: &ClientInfo, env: &Env) -> TokenStream {
    let title = crate::docs::one_line(info.title.trim());
    let names_api = title
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case("api"));
    let api = match (title.is_empty(), names_api) {
        (true, _) => "the API".to_string(),
        (false, true) => format!("the {title}"),
        (false, false) => format!("the {title} API"),
    };
    let heading = paragraph(&format!(
        "A client for {api}. Cheap to clone: clones share one connection pool."
    ));
    let docs = quote! {
        #heading
        ///
        /// Build one with [`Client::builder`] or [`Client::from_env`]; each operation of the API
        /// is a method.
    };
    let api = api_info(info, env);
    let from_env_doc = paragraph(&from_env_sentence(info, env));
    quote! {
        #docs
        #[derive(Clone)]
        pub struct Client {
            inner: runtime::Client,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                #api
                ClientBuilder {
                    inner: runtime::ClientBuilder::new(API),
                }
            }

            #from_env_doc
            pub fn from_env() -> ::std::result::Result<Self, BuildError> {
                let inner = Self::builder().inner.from_env()?;
                ClientBuilder { inner }.build()
            }

            /// The base URL every operation path is appended to (without a trailing slash).
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }
    }
}

/// The constant `ApiInfo`: User-Agent, base URL variable and default, the required
/// credential, and every scheme with its setter and variable.
fn api_info(info: &ClientInfo, env: &Env) -> TokenStream {
    let default_base_url = info
        .default_base_url
        .as_ref()
        .map(|_| quote! { .default_base_url(DEFAULT_BASE_URL) });
    let required = info.required_credential.map(|kind| {
        let kind = kind_ident(kind);
        quote! { .required_credential(runtime::CredentialKind::#kind) }
    });
    let schemes = info.schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let auth = match &scheme.auth {
            Auth::ApiKeyHeader(name) => quote! { runtime::Auth::ApiKeyHeader(#name) },
            Auth::ApiKeyQuery(name) => quote! { runtime::Auth::ApiKeyQuery(#name) },
            Auth::ApiKeyCookie(name) => quote! { runtime::Auth::ApiKeyCookie(#name) },
            Auth::Bearer => quote! { runtime::Auth::Bearer },
            Auth::Basic => quote! { runtime::Auth::Basic },
        };
        let setter = scheme.setter.as_str();
        let variable = match scheme.setter.as_str() {
            _ if !scheme.shared => env.own(scheme).map(|name| quote! { #name }),
            "api_key" => Some(quote! { API_KEY_ENV }),
            "bearer_token" => Some(quote! { TOKEN_ENV }),
            _ => None,
        };
        let variable = variable.map(|name| quote! { .env(#name) });
        quote! { runtime::Scheme::new(#name, #auth, #setter) #variable }
    });
    let schemes = match info.schemes.is_empty() {
        true => quote! {},
        false => quote! { .schemes(&[#(#schemes),*]) },
    };
    quote! {
        const API: runtime::ApiInfo = runtime::ApiInfo::new(
            ::std::concat!(
                ::std::env!("CARGO_PKG_NAME"),
                "/",
                ::std::env!("CARGO_PKG_VERSION")
            ),
            BASE_URL_ENV,
        )
        #default_base_url
        #required
        #schemes;
    }
}

/// The sentence documenting `from_env`, naming the variables it reads.
fn from_env_sentence(info: &ClientInfo, env: &Env) -> String {
    let own = info.schemes.iter().filter_map(|scheme| env.own(scheme));
    let credentials: Vec<String> = [&env.api_key, &env.token]
        .into_iter()
        .flatten()
        .cloned()
        .chain(own)
        .map(|name| format!("`{name}`"))
        .collect();
    let base_url = &env.base_url;
    match credentials.is_empty() {
        true => format!(
            "Builds a client with `{base_url}` as its base URL when it is set and not empty; \
             everything else keeps its default."
        ),
        false => format!(
            "Builds a client from {}, and `{base_url}` when it is set and not empty; everything \
             else keeps its default.",
            match credentials.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            }
        ),
    }
}

fn kind_ident(kind: CredentialKind) -> proc_macro2::Ident {
    let name = match kind {
        CredentialKind::ApiKey => "ApiKey",
        CredentialKind::BearerToken => "BearerToken",
        CredentialKind::BasicAuth => "BasicAuth",
    };
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// The credential setters: the shared ones (one per kind the API has one scheme of), then one
/// per scheme of the kinds it has several of.
fn credential_setters(info: &ClientInfo, env: &Env) -> Vec<TokenStream> {
    let shared = info
        .credential_kinds
        .iter()
        .map(|kind| credential_setter(info, *kind));
    let own = info
        .schemes
        .iter()
        .filter(|scheme| !scheme.shared)
        .map(|scheme| own_setter(scheme, env));
    shared.chain(own).collect()
}

fn builder_struct(info: &ClientInfo, env: &Env) -> TokenStream {
    let credentials = credential_setters(info, env);
    let base_url_default = match info.default_base_url {
        Some(_) => "default [`DEFAULT_BASE_URL`]",
        None => "required: the spec gives no absolute server URL",
    };
    let base_url_doc = paragraph(&format!(
        "The base URL, such as `http://127.0.0.1:8080/api`; {base_url_default}. A trailing slash \
         is ignored. It must be http or https and must not carry credentials."
    ));
    quote! {
        /// Configures and builds a [`Client`]. `Debug` shows every credential redacted.
        #[derive(Clone)]
        pub struct ClientBuilder {
            inner: runtime::ClientBuilder,
        }

        impl ClientBuilder {
            #(#credentials)*

            #base_url_doc
            pub fn base_url(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.base_url(url) }
            }

            /// The limit for one attempt, from connecting to reading the whole body; default 30 s.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self { inner: self.inner.timeout(timeout) }
            }

            /// How many times a failed attempt may be retried when that is safe; default 2, 0
            /// turns retries off.
            pub fn max_retries(self, retries: u32) -> Self {
                Self { inner: self.inner.max_retries(retries) }
            }

            /// The backoff before the first retry and the most any backoff may grow to by
            /// doubling; default 500 ms and 8 s. Each wait is jittered into the upper half of
            /// its value.
            pub fn retry_backoff(self, initial: ::std::time::Duration, max: ::std::time::Duration) -> Self {
                Self { inner: self.inner.retry_backoff(initial, max) }
            }

            /// The longest `Retry-After` the client waits for; default 60 s. When the server
            /// asks for longer, its response is returned at once instead of retried.
            pub fn max_retry_after(self, max: ::std::time::Duration) -> Self {
                Self { inner: self.inner.max_retry_after(max) }
            }

            /// The cap on a response body in bytes; default 4 MiB. A larger body ends the call
            /// with [`Error::BodyTooLarge`] without reading the rest.
            pub fn max_response_body(self, bytes: u64) -> Self {
                Self { inner: self.inner.max_response_body(bytes) }
            }

            /// Builds the client, checking the credentials and the base URL.
            pub fn build(self) -> ::std::result::Result<Client, BuildError> {
                let inner = self.inner.build()?;
                Ok(Client { inner })
            }
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }
    }
}

/// The setter for one kind of credential, documented with where it goes.
fn credential_setter(info: &ClientInfo, kind: CredentialKind) -> TokenStream {
    let required = match info.required_credential == Some(kind) {
        true => " Every operation needs a credential, so `build` fails without one.",
        false => "",
    };
    match kind {
        CredentialKind::ApiKey => {
            let places = match info.api_key_places.as_slice() {
                [] => "where each operation's security scheme says".to_string(),
                [one] => format!("in {one}"),
                many => format!("in {} (as each operation's scheme says)", many.join(", ")),
            };
            let docs = paragraph(&format!("The API key, sent {places}.{required}"));
            quote! {
                #docs
                pub fn api_key(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                    Self { inner: self.inner.api_key(key) }
                }
            }
        }
        CredentialKind::BearerToken => {
            let docs = paragraph(&format!(
                "A bearer token, sent as `Authorization: Bearer <token>` to the operations that \
                 accept one.{required}"
            ));
            quote! {
                #docs
                pub fn bearer_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                    Self { inner: self.inner.bearer_token(token) }
                }
            }
        }
        CredentialKind::BasicAuth => {
            let docs = paragraph(&format!(
                "A user and password for the operations that accept HTTP basic \
                 authentication.{required}"
            ));
            quote! {
                #docs
                pub fn basic_auth(
                    self,
                    user: impl ::std::convert::Into<::std::string::String>,
                    password: impl ::std::convert::Into<::std::string::String>,
                ) -> Self {
                    Self { inner: self.inner.basic_auth(user, password) }
                }
            }
        }
    }
}

/// The setter of a scheme that has one of its own, documented with the scheme's name, where
/// its credential goes and the variable `from_env` reads it from.
fn own_setter(scheme: &SecurityScheme, env: &Env) -> TokenStream {
    let name = &scheme.setter;
    let setter = scheme.setter.as_str();
    let variable = env
        .own(scheme)
        .map(|name| format!("; [`Client::from_env`] reads it from `{name}`"))
        .unwrap_or_default();
    let docs = paragraph(&format!(
        "The credential of the `{}` security scheme, sent in {}{variable}.",
        crate::docs::one_line(&scheme.name).replace('`', "'"),
        scheme.place
    ));
    match scheme.auth {
        Auth::Basic => quote! {
            #docs
            pub fn #name(
                self,
                user: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                Self { inner: self.inner.basic_credential(#setter, user, password) }
            }
        },
        _ => quote! {
            #docs
            pub fn #name(self, secret: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.credential(#setter, secret) }
            }
        },
    }
}

/// Doc lines for one paragraph, wrapped to fit beside the code.
fn paragraph(text: &str) -> TokenStream {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > 92 {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    doc(&lines)
}
