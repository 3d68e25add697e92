//! The web page for analysts, served at `/` with its assets compiled into the binary.
//!
//! Plain HTML, CSS and JavaScript written for geokg (`web/`), and the graph libraries it uses
//! for the overview (Cytoscape.js with the fCoSE layout, `web/vendor/`, published builds
//! committed with their licences and refreshed by `tools/web-vendor/refresh.sh`): no build
//! step, no CDN, works offline. The page speaks only the JSON API; this module only hands out
//! the files.

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::model::EventKind;

const INDEX: &str = include_str!("web/index.html");
const APP_JS: &str = include_str!("web/app.js");
const STYLE_CSS: &str = include_str!("web/style.css");
const ICON_SVG: &str = include_str!("web/icon.svg");

/// The libraries of `web/vendor/`, by file name, in the order the page loads them.
const VENDOR: &[(&str, &str)] = &[
    (
        "cytoscape.min.js",
        include_str!("web/vendor/cytoscape.min.js"),
    ),
    (
        "layout-base.min.js",
        include_str!("web/vendor/layout-base.min.js"),
    ),
    (
        "cose-base.min.js",
        include_str!("web/vendor/cose-base.min.js"),
    ),
    (
        "cytoscape-fcose.min.js",
        include_str!("web/vendor/cytoscape-fcose.min.js"),
    ),
];

/// Where the page's script finds the kinds of events.
const KINDS_PLACEHOLDER: &str = "{{KINDS}}";

/// Where the page's script finds the classes of events it can hide.
const HIDEABLE_PLACEHOLDER: &str = "{{HIDEABLE}}";

/// Classes of events the page can hide: the name in the page's address, what the check box
/// says, and the API parameter (with its value) that leaves them out of every view.
const HIDEABLE: &[(&str, &str, &str, &str)] = &[
    ("multilateral", "multilateral events", "bilateral", "true"),
    ("background", "background mentions", "background", "false"),
];

/// What the page may load: only its own files and the API of the same server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The web page for analysts.
#[utoipa::path(get, path = "/", tag = "web",
    responses((status = 200, description = "The page.", content_type = "text/html", body = String), super::openapi::Guarded))]
pub async fn index() -> Response {
    static PAGE: OnceLock<String> = OnceLock::new();
    let page = PAGE.get_or_init(page);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CONTENT_SECURITY_POLICY),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        page.as_str(),
    )
        .into_response()
}

/// The page with the vocabularies its script needs filled in.
fn page() -> String {
    INDEX
        .replace(KINDS_PLACEHOLDER, &kinds_json())
        .replace(HIDEABLE_PLACEHOLDER, &hideable_json())
}

/// One of the libraries the page bundles (Cytoscape.js and fCoSE).
#[utoipa::path(get, path = "/web/vendor/{file}", tag = "web",
    params(("file" = String, Path, description = "The file name.")),
    responses((status = 200, description = "The library.", content_type = "text/javascript", body = String),
        (status = 404, description = "No such file.", body = super::openapi::ErrorView), super::openapi::Guarded))]
pub async fn vendor(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match VENDOR.iter().find(|(name, _)| *name == file) {
        Some((_, body)) => asset("text/javascript; charset=utf-8", body),
        None => super::ApiError::NotFound(format!("no bundled file `{file}`")).into_response(),
    }
}

/// The page's script.
#[utoipa::path(get, path = "/web/app.js", tag = "web",
    responses((status = 200, description = "The script.", content_type = "text/javascript", body = String), super::openapi::Guarded))]
pub async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// The page's style sheet.
#[utoipa::path(get, path = "/web/style.css", tag = "web",
    responses((status = 200, description = "The style sheet.", content_type = "text/css", body = String), super::openapi::Guarded))]
pub async fn style_css() -> Response {
    asset("text/css; charset=utf-8", STYLE_CSS)
}

/// The page's icon.
#[utoipa::path(get, path = "/web/icon.svg", tag = "web",
    responses((status = 200, description = "The icon.", content_type = "image/svg+xml", body = String), super::openapi::Guarded))]
pub async fn icon_svg() -> Response {
    asset("image/svg+xml", ICON_SVG)
}

/// The page's icon where browsers look for it.
#[utoipa::path(get, path = "/favicon.ico", tag = "web",
    responses((status = 200, description = "The icon.", content_type = "image/svg+xml", body = String), super::openapi::Guarded))]
pub async fn favicon() -> Response {
    asset("image/svg+xml", ICON_SVG)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The kinds of events as the page needs them: name and tone (for colours), in CAMEO order.
fn kinds_json() -> String {
    let kinds: Vec<serde_json::Value> = EventKind::ALL
        .iter()
        .map(|kind| json!({ "name": kind.as_str(), "tone": tone(*kind) }))
        .collect();
    // Inside a <script> element: make sure no `</script>` can close it early.
    serde_json::to_string(&kinds)
        .expect("kinds serialise")
        .replace('<', "\\u003c")
}

/// The classes of events the page can hide, as its script reads them.
fn hideable_json() -> String {
    let classes: Vec<serde_json::Value> = HIDEABLE
        .iter()
        .map(|(name, label, param, value)| {
            json!({ "name": name, "label": label, "param": param, "value": value })
        })
        .collect();
    serde_json::to_string(&classes)
        .expect("classes serialise")
        .replace('<', "\\u003c")
}

/// Cooperation, material conflict, tension (verbal conflict and refusals), or neutral.
fn tone(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Conflict => "conflict",
        kind if kind.is_cooperative() => "cooperation",
        EventKind::Statement | EventKind::Investigate => "neutral",
        _ => "tension",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_its_assets_and_every_kind() {
        let page = page();
        assert!(!page.contains(KINDS_PLACEHOLDER));
        assert!(!page.contains(HIDEABLE_PLACEHOLDER));
        for asset in ["/web/app.js", "/web/style.css", "/web/icon.svg"] {
            assert!(page.contains(asset), "index.html does not load {asset}");
        }
        // Every bundled library, in order, before the page's own script.
        let mut at = 0;
        for (file, body) in VENDOR {
            let found = page[at..]
                .find(&format!("/web/vendor/{file}"))
                .unwrap_or_else(|| panic!("index.html does not load {file} in order"));
            at += found;
            assert!(body.len() > 10_000, "{file} is the library, not a stub");
        }
        assert!(page[at..].contains("/web/app.js"));
        assert!(page.contains("\"param\":\"bilateral\""));
        for kind in EventKind::ALL {
            assert!(page.contains(&format!("\"name\":\"{}\"", kind.as_str())));
        }
        assert_eq!(tone(EventKind::Visit), "cooperation");
        assert_eq!(tone(EventKind::Conflict), "conflict");
        assert_eq!(tone(EventKind::DeclinedVisit), "tension");
    }

    #[test]
    fn the_page_loads_nothing_from_elsewhere() {
        for (name, text) in [
            ("index.html", INDEX),
            ("app.js", APP_JS),
            ("style.css", STYLE_CSS),
        ] {
            for remote in ["http://", "https://", "//cdn"] {
                let outside = text
                    .match_indices(remote)
                    .map(|(at, _)| &text[at..(at + 40).min(text.len())])
                    .find(|found| !found.starts_with("http://www.w3.org/"));
                assert!(outside.is_none(), "{name} refers to {outside:?}");
            }
        }
    }
}
