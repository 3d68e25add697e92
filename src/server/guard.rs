//! The server's defences: the token that writes present, the host names it answers to, the
//! content types a document may come in, and the limits on time and work.
//!
//! Everything here runs before a handler sees a request, or is called by one to read its
//! body; nothing here touches the store or the graph.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::{ApiError, MAX_BODY_BYTES};

/// How the server defends itself; `Default` is right for a server on loopback.
#[derive(Clone, Debug)]
pub struct Options {
    /// The token that writes present as `Authorization: Bearer …`; with none, anyone who can
    /// reach the server may post JSON documents (so it should listen on loopback only).
    pub token: Option<String>,
    /// Host names beyond loopback that clients may use in the Host header (`--public-host`).
    pub public_hosts: Vec<String>,
    /// Extractions that may run at once; a document posted when all are busy gets 503.
    pub max_extractions: usize,
    /// Time a client has to send a request's headers; also how long an idle connection stays open.
    pub header_timeout: Duration,
    /// Time a client has to send a request's body.
    pub body_timeout: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            token: None,
            public_hosts: Vec::new(),
            max_extractions: std::thread::available_parallelism().map_or(2, |n| n.get()),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
        }
    }
}

/// Events a POST answer lists; the others are counted.
pub const EVENTS_IN_ANSWER: usize = 20;

/// Seconds a client is asked to wait (`Retry-After`) when every extraction slot is busy.
pub const RETRY_AFTER_SECONDS: u64 = 2;

/// Whether a server on `addr` with these options may start, or why not.
///
/// Beyond loopback a server needs a token, unless `no_auth` says the operator knows.
pub fn check_exposure(addr: SocketAddr, options: &Options, no_auth: bool) -> Result<(), String> {
    if addr.ip().is_loopback() || options.token.is_some() || no_auth {
        return Ok(());
    }
    Err(format!(
        "refusing to serve on {addr} without a token: anyone who can reach it could add documents; \
         set one with --token or GEOKG_TOKEN (writes then need `Authorization: Bearer <token>`), \
         or pass --no-auth to serve without one"
    ))
}

/// Whether a request presented the server's token (set by `guard` for handlers to read).
#[derive(Clone, Copy, Debug)]
pub struct Authorized(pub bool);

/// What `guard` checks every request against.
#[derive(Debug)]
pub(super) struct Guard {
    token: Option<Vec<u8>>,
    hosts: AllowedHosts,
}

impl Guard {
    /// The guard of a server bound to `bound` (None when not known, as in `router`).
    pub(super) fn new(options: &Options, bound: Option<SocketAddr>) -> Guard {
        Guard {
            token: options
                .token
                .as_ref()
                .map(|token| token.as_bytes().to_vec()),
            hosts: AllowedHosts {
                bound,
                public: options
                    .public_hosts
                    .iter()
                    .map(|host| host.trim().to_ascii_lowercase())
                    .filter(|host| !host.is_empty())
                    .collect(),
            },
        }
    }
}

/// Middleware: rejects requests for other host names (DNS rebinding) with 421 and writes
/// without the token (when one is set) with 401; tells the handler whether the token was given.
pub(super) async fn guard(
    State(guard): State<Arc<Guard>>,
    mut request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_string()));
    match host {
        None => {
            return ApiError::BadRequest("the request has no Host header".into()).into_response()
        }
        Some(host) if !guard.hosts.allows(&host) => {
            return ApiError::MisdirectedRequest(format!(
                "this server does not answer to host `{host}`; use localhost or the address it \
                 listens on, or start it with --public-host NAME"
            ))
            .into_response();
        }
        Some(_) => {}
    }
    let authorized = match &guard.token {
        None => false,
        Some(token) => match bearer(request.headers()) {
            Some(presented) if tokens_match(presented.as_bytes(), token) => true,
            presented if is_write(request.method()) => {
                let message = if presented.is_some() {
                    "the token is not valid"
                } else {
                    "writes need the token: send `Authorization: Bearer <token>`"
                };
                return ApiError::Unauthorized(message.into()).into_response();
            }
            _ => false,
        },
    };
    request.extensions_mut().insert(Authorized(authorized));
    next.run(request).await
}

/// How a posted document is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BodyKind {
    /// A JSON document object.
    Json,
    /// The text of one article.
    Text,
}

/// The kind of a posted body from its Content-Type, or why it is refused (415).
///
/// JSON is accepted in any case (`Application/JSON; charset=utf-8`). Plain text, and a body
/// with no type, only with the token: a web page elsewhere can send them to a local server
/// without asking (a "simple" cross-site request), but it cannot add the token. Forms and
/// every other type are refused.
pub(super) fn body_kind(headers: &HeaderMap, authorized: Authorized) -> Result<BodyKind, ApiError> {
    let raw = headers
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or("?"));
    let essence = raw
        .map(|raw| {
            raw.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    match essence.as_str() {
        "application/json" => Ok(BodyKind::Json),
        "text/plain" | "" if authorized.0 => Ok(BodyKind::Text),
        "text/plain" | "" => Err(ApiError::UnsupportedMediaType(format!(
            "{} is accepted only with the token (`Authorization: Bearer <token>`, on a server \
             started with --token); send the document as application/json",
            raw.map_or("a body without content-type".to_string(), |raw| format!(
                "content-type `{raw}`"
            ))
        ))),
        _ => Err(ApiError::UnsupportedMediaType(format!(
            "content-type `{}` is not accepted; send the document as application/json",
            raw.unwrap_or("")
        ))),
    }
}

/// Reads a request's body, up to `MAX_BODY_BYTES` and within `timeout` (408 after it).
pub(super) async fn read_body(request: Request, timeout: Duration) -> Result<Bytes, ApiError> {
    match tokio::time::timeout(timeout, Bytes::from_request(request, &())).await {
        Err(_) => Err(ApiError::Timeout(format!(
            "the request body did not arrive within {} s",
            timeout.as_secs()
        ))),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(rejection)) => Err(match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(format!(
                "request body is larger than {MAX_BODY_BYTES} bytes"
            )),
            _ => ApiError::BadRequest(format!("request body: {}", rejection.body_text())),
        }),
    }
}

/// Whether a method changes something (everything but GET, HEAD and OPTIONS).
fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The token of an `Authorization: Bearer …` header (the scheme in any case).
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Compares a presented token with the expected one in time that depends only on their
/// lengths, never on where they first differ.
fn tokens_match(presented: &[u8], expected: &[u8]) -> bool {
    let mut same = subtle::Choice::from(u8::from(presented.len() == expected.len()));
    for (idx, byte) in expected.iter().enumerate() {
        same &= byte.ct_eq(presented.get(idx).unwrap_or(&0));
    }
    same.into()
}

/// The Host header values a server answers to.
#[derive(Debug)]
struct AllowedHosts {
    /// The address the server listens on; None when not known (any port is then accepted).
    bound: Option<SocketAddr>,
    /// `--public-host` names, lowercase: accepted on any port.
    public: Vec<String>,
}

impl AllowedHosts {
    /// Whether a Host header names this server: a loopback name or the bound address with the
    /// bound port, or a public host name. A server bound to every address (`0.0.0.0`) also
    /// answers to any IP address with its port: a DNS rebinding attack needs a name.
    fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if self.public.contains(&host) {
            return true;
        }
        let Some((name, port)) = split_host(&host) else {
            return false;
        };
        if self.public.iter().any(|public| public == name) {
            return true;
        }
        if self.bound.is_some_and(|bound| bound.port() != port) {
            return false;
        }
        let ip = parse_ip(name);
        match (name, ip) {
            ("localhost", _) => true,
            (_, Some(ip)) if ip.is_loopback() => true,
            (_, Some(ip)) => self
                .bound
                .is_some_and(|bound| bound.ip() == ip || bound.ip().is_unspecified()),
            (_, None) => false,
        }
    }
}

/// A Host header's name and port (80 when it names none); None when it is malformed.
fn split_host(host: &str) -> Option<(&str, u16)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest {
            "" => (name, None),
            rest => (name, Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        None => 80,
        Some(port) => port.parse().ok()?,
    };
    (!name.is_empty()).then_some((name, port))
}

/// An IP address as a Host header writes it (`127.0.0.1`, `[::1]`).
fn parse_ip(name: &str) -> Option<IpAddr> {
    match name
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str, public: &[&str]) -> AllowedHosts {
        AllowedHosts {
            bound: Some(bound.parse().unwrap()),
            public: public.iter().map(|host| host.to_string()).collect(),
        }
    }

    #[test]
    fn loopback_names_and_the_bound_address_with_its_port_are_allowed() {
        let allowed = hosts("127.0.0.1:8080", &[]);
        for host in [
            "localhost:8080",
            "LocalHost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
        ] {
            assert!(allowed.allows(host), "{host}");
        }
        for host in [
            "localhost:9090",
            "localhost",
            "evil.example:8080",
            "192.168.1.5:8080",
            "127.0.0.1:80:80",
            "[::1",
            "",
        ] {
            assert!(!allowed.allows(host), "{host}");
        }
    }

    #[test]
    fn public_hosts_and_addresses_of_a_wildcard_bind_are_allowed() {
        let allowed = hosts("0.0.0.0:8080", &["geokg.example.org"]);
        assert!(allowed.allows("geokg.example.org"));
        assert!(allowed.allows("GEOKG.example.org:443"));
        assert!(allowed.allows("192.168.1.5:8080"));
        assert!(!allowed.allows("192.168.1.5:8081"));
        assert!(!allowed.allows("rebind.attacker.example:8080"));
        let allowed = hosts("192.168.1.5:8080", &[]);
        assert!(allowed.allows("192.168.1.5:8080"));
        assert!(!allowed.allows("192.168.1.6:8080"));
    }

    #[test]
    fn tokens_match_only_when_equal() {
        assert!(tokens_match(b"secret", b"secret"));
        assert!(!tokens_match(b"secreT", b"secret"));
        assert!(!tokens_match(b"secret-and-more", b"secret"));
        assert!(!tokens_match(b"sec", b"secret"));
        assert!(!tokens_match(b"", b"secret"));
    }

    #[test]
    fn exposure_beyond_loopback_needs_a_token_or_no_auth() {
        let open = Options::default();
        let with_token = Options {
            token: Some("t".into()),
            ..Options::default()
        };
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(check_exposure("127.0.0.1:8080".parse().unwrap(), &open, false).is_ok());
        assert!(check_exposure("[::1]:8080".parse().unwrap(), &open, false).is_ok());
        assert!(check_exposure(public, &open, false)
            .unwrap_err()
            .contains("--token"));
        assert!(check_exposure(public, &with_token, false).is_ok());
        assert!(check_exposure(public, &open, true).is_ok());
    }

    #[test]
    fn content_types_are_read_in_any_case_and_text_needs_the_token() {
        let with = |value: Option<&str>| {
            let mut headers = HeaderMap::new();
            if let Some(value) = value {
                headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
            }
            headers
        };
        let anonymous = Authorized(false);
        assert_eq!(
            body_kind(&with(Some("Application/JSON; charset=utf-8")), anonymous).unwrap(),
            BodyKind::Json
        );
        for refused in [
            Some("text/plain"),
            Some("Text/Plain;charset=UTF-8"),
            None,
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
            Some("application/jsonx"),
        ] {
            assert!(
                matches!(
                    body_kind(&with(refused), anonymous),
                    Err(ApiError::UnsupportedMediaType(_))
                ),
                "{refused:?}"
            );
        }
        assert_eq!(
            body_kind(&with(Some("text/plain")), Authorized(true)).unwrap(),
            BodyKind::Text
        );
        assert!(body_kind(
            &with(Some("application/x-www-form-urlencoded")),
            Authorized(true)
        )
        .is_err());
    }
}
