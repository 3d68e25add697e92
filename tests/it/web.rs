//! The web page in a real browser: headless Chromium driven through WebDriver (chromedriver)
//! against a server on a random port with the sample corpus.
//!
//! Needs the Debian packages `chromium` and `chromium-driver`; without chromedriver these tests
//! fail and say so, unless `GEOKG_SKIP_BROWSER=1` asks to skip them.
//! Screenshots of the views land in `target/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::support::{spawn_server_with, TestServer};

/// How long to wait for anything to show up on the page.
const PATIENCE: Duration = Duration::from_secs(15);

/// The chromedriver to use: on the PATH, else where Debian's `chromium-driver` puts it.
fn chromedriver_path() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromedriver"))
            .find(|path| path.is_file())
    });
    on_path.or_else(|| {
        let debian = PathBuf::from("/usr/bin/chromedriver");
        debian.is_file().then_some(debian)
    })
}

/// Whether to run the browser tests: yes when chromedriver is there; a failure naming the
/// packages when it is not, unless `GEOKG_SKIP_BROWSER=1`.
fn browser_wanted() -> Option<PathBuf> {
    if std::env::var("GEOKG_SKIP_BROWSER").is_ok_and(|value| value == "1") {
        eprintln!("skipped: GEOKG_SKIP_BROWSER=1");
        return None;
    }
    match chromedriver_path() {
        Some(path) => Some(path),
        None => panic!(
            "the web page tests need chromedriver and Chromium: install the Debian packages \
             `chromium` and `chromium-driver` (apt-get install chromium chromium-driver), \
             or set GEOKG_SKIP_BROWSER=1 to skip them"
        ),
    }
}

/// A chromedriver child process on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    async fn start(path: &Path) -> Driver {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", path.display()));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + PATIENCE;
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session with its driver, its profile directory and the server it looks at.
struct Browser {
    client: Client,
    server: TestServer,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

impl Browser {
    /// Starts the server with the sample corpus, chromedriver and headless Chromium.
    async fn start() -> Option<Browser> {
        let path = browser_wanted()?;
        let server = sample_server().await;
        let driver = Driver::start(&path).await;
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-quic",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,800",
            &format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::rustls()
            .expect("TLS roots for the WebDriver client")
            .capabilities(capabilities)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start /usr/bin/chromium through chromedriver ({error}); \
                     the Debian packages `chromium` and `chromium-driver` provide both"
                )
            });
        Some(Browser {
            client,
            server,
            _profile: profile,
            _driver: driver,
        })
    }

    async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.server.base))
            .await
            .unwrap();
    }

    /// Waits for an element to be there and displayed.
    async fn shown(&self, css: &str) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if element.is_displayed().await.unwrap_or(false) {
                    return element;
                }
            }
            if Instant::now() > deadline {
                let text = self.page_text().await;
                panic!("`{css}` did not show up; the page says:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until an element's visible text contains `needle`, and returns the text.
    async fn text_of(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            if Instant::now() > deadline {
                panic!("`{css}` never said {needle:?}; last it said {last:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the address bar's query matches.
    async fn url_with(&self, wanted: &[&str], unwanted: &[&str]) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let url = self.client.current_url().await.unwrap().to_string();
            if wanted.iter().all(|part| url.contains(part))
                && !unwanted.iter().any(|part| url.contains(part))
            {
                return url;
            }
            assert!(
                Instant::now() < deadline,
                "the URL {url} never had {wanted:?} without {unwanted:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks at a point of the window with the mouse, as a person would.
    async fn click_at(&self, (x, y): (f64, f64)) {
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x,
                y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client.perform_actions(mouse).await.unwrap();
        self.client.release_actions().await.unwrap();
    }

    /// Waits until the network of `center` is drawn and laid out, and returns how many actors
    /// and pairs of actors (lines, either direction) it shows.
    async fn network_ready(&self, center: &str) -> (u64, u64) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let ready = self
                .client
                .execute(
                    "const n = window.geokgNetwork; \
                     const box = document.querySelector('#graph'); \
                     if (!n || !box || box.dataset.ready !== 'true' || n.centerId !== arguments[0] \
                         || !n.cy.getElementById(arguments[0]).hasClass('center')) return null; \
                     const pairs = new Set(n.cy.edges().map((e) => [e.source().id(), e.target().id()].sort().join('|'))); \
                     return [n.cy.nodes().length, pairs.size];",
                    vec![json!(center)],
                )
                .await
                .unwrap();
            if let (Some(nodes), Some(pairs)) = (ready[0].as_u64(), ready[1].as_u64()) {
                return (nodes, pairs);
            }
            if Instant::now() > deadline {
                panic!(
                    "the network of {center} was not laid out; the page says:\n{}",
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether the network on screen has a line between `a` and `b`, either way.
    async fn network_has_line(&self, a: &str, b: &str) -> bool {
        self.client
            .execute(
                "const cy = window.geokgNetwork && window.geokgNetwork.cy; \
                 return !!cy && cy.edges().some((e) => \
                   (e.source().id() === arguments[0] && e.target().id() === arguments[1]) \
                   || (e.source().id() === arguments[1] && e.target().id() === arguments[0]));",
                vec![json!(a), json!(b)],
            )
            .await
            .unwrap()
            == json!(true)
    }

    /// Where an actor (`["node", id]`) or the middle of a line between two actors
    /// (`["edge", a, b]`) of the network is in the window, scrolled into view first.
    async fn network_point(&self, what: &[&str]) -> (f64, f64) {
        let script = r#"
            const box = document.querySelector('#graph');
            box.scrollIntoView({ block: 'center' });
            const rect = box.getBoundingClientRect();
            const cy = window.geokgNetwork.cy;
            const [kind, a, b] = arguments[0];
            let at;
            if (kind === 'node') at = cy.getElementById(a).renderedPosition();
            else {
              const edge = cy.edges().filter((e) => (e.source().id() === a && e.target().id() === b)
                || (e.source().id() === b && e.target().id() === a))[0];
              at = edge.renderedMidpoint();
            }
            return [rect.left + at.x, rect.top + at.y];
        "#;
        let at = self
            .client
            .execute(script, vec![json!(what)])
            .await
            .unwrap();
        (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
    }

    async fn page_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(error) => format!("(no body: {error})"),
        }
    }

    async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|found| found.len())
            .unwrap_or(0)
    }

    async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "a screenshot is a PNG");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn close(self) {
        self.client.close().await.unwrap();
    }
}

/// `target/screenshots/` (beside `target/tmp`, so it follows CARGO_TARGET_DIR).
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(|target| target.join("screenshots"))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots"))
}

/// A server over an in-memory store with the bundled sample corpus.
async fn sample_server() -> TestServer {
    let mut store = geokg::store::Store::open_in_memory().unwrap();
    for document in geokg::samples::documents() {
        geokg::pipeline::add_document(&mut store, geokg::extract::Dictionary::bundled(), &document)
            .unwrap();
    }
    spawn_server_with(store).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_finds_an_actor_follows_an_edge_and_reads_the_evidence() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/").await;
    browser.text_of("#view", "Most central actors").await;
    assert_eq!(
        browser.client.title().await.unwrap(),
        "geokg: explore the graph"
    );

    // Find: type part of a name, move to the suggestion with the keyboard, choose it.
    let search = browser.shown("#search-input").await;
    assert_eq!(
        search.attr("role").await.unwrap().as_deref(),
        Some("combobox")
    );
    search.send_keys("pakis").await.unwrap();
    let first = browser
        .text_of("#search-list [role=option]", "Pakistan")
        .await;
    assert!(
        first.contains("PAK"),
        "the suggestion shows the id: {first}"
    );
    assert_eq!(
        search.attr("aria-expanded").await.unwrap().as_deref(),
        Some("true")
    );
    search.send_keys(&Key::Down.to_string()).await.unwrap();
    let active = search.attr("aria-activedescendant").await.unwrap();
    assert_eq!(active.as_deref(), Some("search-option-0"));
    search.send_keys(&Key::Enter.to_string()).await.unwrap();

    // Network: Pakistan at the centre, its partners around, lines between them.
    browser.text_of("#view-title", "Network of Pakistan").await;
    let (n_actors, n_lines) = browser.network_ready("PAK").await;
    let network_url = browser.url_with(&["actor=PAK"], &["other="]).await;
    assert!(n_actors >= 5, "PAK has partners");
    assert!(n_lines >= 5, "and lines to them");
    let counts = browser.text_of("#network-counts", "actors").await;
    assert!(counts.contains("relations"), "{counts}");
    browser.text_of("#legend", "cooperation").await;
    for format in ["dot", "svg", "graphml", "json", "csv"] {
        let link = browser
            .shown(&format!(".downloads a[href*='format={format}']"))
            .await;
        let href = link.attr("href").await.unwrap().unwrap();
        assert!(href.contains("center=PAK"), "{href}");
    }
    browser.screenshot("network").await;

    // Relation: click the line between India and Pakistan; the sentences behind it show up.
    let line = browser.network_point(&["edge", "IND", "PAK"]).await;
    browser.click_at(line).await;
    let title = browser.text_of("#view-title", "India").await;
    assert!(title.contains("Pakistan"), "{title}");
    let relation_url = browser
        .url_with(&["view=relation", "actor=IND", "other=PAK"], &[])
        .await;
    browser.shown("#evidence li blockquote").await;
    let sentence = browser.text_of("#evidence li blockquote", "India").await;
    assert!(sentence.contains("Pakistan"), "{sentence}");
    assert!(
        browser.count("#evidence mark.m-trigger").await >= 1,
        "the trigger is marked"
    );
    let source = browser.shown("#evidence mark.m-source").await;
    assert!(source.text().await.unwrap().contains("India"));
    browser.text_of("#evidence li .meta", "conflict").await;
    browser.text_of("#evidence li .meta", "190").await;
    browser.shown("#timeline rect").await;
    browser.screenshot("relation").await;

    // Back to the network, forward to the relation again.
    browser.client.back().await.unwrap();
    browser.text_of("#view-title", "Network of Pakistan").await;
    browser.network_ready("PAK").await;
    assert_eq!(
        browser.url_with(&["actor=PAK"], &["view=relation"]).await,
        network_url
    );
    browser.client.forward().await.unwrap();
    browser.shown("#evidence li blockquote").await;
    assert_eq!(
        browser.url_with(&["view=relation"], &[]).await,
        relation_url
    );

    // Actor: aliases, partners, counts and rankings.
    browser.shown("#tab-actor").await.click().await.unwrap();
    browser.url_with(&["view=actor", "actor=IND"], &[]).await;
    browser.text_of("#view-title", "India").await;
    browser.text_of(".actor-view", "PageRank").await;
    browser.text_of("#partners", "Pakistan").await;
    browser.text_of("#ranking", "1").await;
    browser.screenshot("actor").await;

    // A bookmarked relation opens on the same view in a fresh page.
    browser.client.goto(&relation_url).await.unwrap();
    let again = browser.text_of("#view-title", "India").await;
    assert_eq!(again, title);
    let sentence_again = browser.text_of("#evidence li blockquote", "India").await;
    assert_eq!(sentence_again, sentence);
    assert_eq!(
        browser
            .shown("#tab-relation")
            .await
            .attr("aria-current")
            .await
            .unwrap()
            .as_deref(),
        Some("page")
    );

    // A node click re-centres: from the bookmarked network of Pakistan to India's.
    browser.client.goto(&network_url).await.unwrap();
    browser.network_ready("PAK").await;
    let india = browser.network_point(&["node", "IND"]).await;
    browser.click_at(india).await;
    browser.text_of("#view-title", "Network of India").await;
    browser.network_ready("IND").await;
    browser.url_with(&["actor=IND"], &["actor=PAK"]).await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_errors_and_a_narrow_screen_read_well() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    // Filters live in the URL: a kind filter narrows the network and ticks its box.
    browser.open("/?view=network&actor=PAK&kind=conflict").await;
    browser.text_of("#view-title", "Network of Pakistan").await;
    let (_, conflict_lines) = browser.network_ready("PAK").await;
    assert!(browser.network_has_line("IND", "PAK").await);
    assert!(conflict_lines < 8, "conflict alone leaves fewer lines");
    let checked = browser
        .shown("#f-kinds input[value=conflict]")
        .await
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(checked.as_deref(), Some("true"));
    let dot = browser.shown(".downloads a[href*='format=dot']").await;
    assert!(dot
        .attr("href")
        .await
        .unwrap()
        .unwrap()
        .contains("kind=conflict"));

    // Ticking a box in the filters changes the URL and the view.
    browser
        .shown("#f-kinds input[value=meeting]")
        .await
        .click()
        .await
        .unwrap();
    browser.url_with(&["kind=meeting%2Cconflict"], &[]).await;
    let deadline = Instant::now() + PATIENCE;
    while !browser.network_has_line("PAK", "QAT").await {
        assert!(Instant::now() < deadline, "meetings bring Qatar in");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Two hops around Donald Trump: most of the sample graph, still drawn with its labels.
    browser.open("/?actor=donald-trump").await;
    browser
        .text_of("#view-title", "Network of Donald Trump")
        .await;
    let (one_hop, _) = browser.network_ready("donald-trump").await;
    browser
        .shown("#f-depth")
        .await
        .select_by_value("2")
        .await
        .unwrap();
    let two_hops = browser
        .url_with(&["depth=2", "actor=donald-trump"], &[])
        .await;
    let deadline = Instant::now() + PATIENCE;
    let shown = loop {
        let (actors, _) = browser.network_ready("donald-trump").await;
        if actors > one_hop {
            break actors;
        }
        assert!(
            Instant::now() < deadline,
            "depth 2 shows no more actors than depth 1"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Names are drawn at the zoom the layout fits to, not only on zooming in.
    let labelled = browser
        .eval(
            "const cy = window.geokgNetwork.cy; \
             return cy.nodes().filter((n) => n.data('label') \
               && cy.zoom() * parseFloat(n.style('font-size')) >= parseFloat(n.style('min-zoomed-font-size'))).length;",
        )
        .await;
    assert!(
        labelled.as_u64().unwrap() >= 20,
        "most actors keep a label: {labelled}"
    );
    // The same address opened afresh draws the same network.
    browser.client.goto(&two_hops).await.unwrap();
    browser
        .text_of("#view-title", "Network of Donald Trump")
        .await;
    assert_eq!(browser.network_ready("donald-trump").await.0, shown);
    let depth = browser.shown("#f-depth").await.prop("value").await.unwrap();
    assert_eq!(depth.as_deref(), Some("2"));
    browser.screenshot("network-depth-2").await;

    // An unknown actor is said in plain words.
    browser.open("/?actor=nobody-at-all").await;
    let error = browser.text_of(".error", "not found").await;
    assert!(error.contains("nobody-at-all"), "{error}");
    // A bad date too.
    browser.open("/?actor=PAK&since=2025-13-45").await;
    browser.text_of(".error", "filter is not valid").await;

    // Nothing matches: the suggestions say so; Escape closes them.
    let search = browser.shown("#search-input").await;
    search.send_keys("zzqx").await.unwrap();
    browser.text_of("#search-list", "No actor matches").await;
    search.send_keys(&Key::Escape.to_string()).await.unwrap();
    let deadline = Instant::now() + PATIENCE;
    while search.attr("aria-expanded").await.unwrap().as_deref() != Some("false") {
        assert!(Instant::now() < deadline, "Escape did not close the list");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A narrow screen: search box and network stay visible and fit the width.
    browser.client.set_window_size(400, 800).await.unwrap();
    browser.open("/?actor=PAK").await;
    browser.text_of("#view-title", "Network of Pakistan").await;
    let search = browser.shown("#search-input").await;
    let graph = browser.shown("#graph").await;
    browser.network_ready("PAK").await;
    let width: f64 = browser
        .client
        .execute("return document.documentElement.clientWidth", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    let (x, _, w, h) = graph.rectangle().await.unwrap();
    assert!(
        x >= 0.0 && x + w <= width + 1.0,
        "the network fits: {x} + {w} > {width}"
    );
    assert!(w > width * 0.8 && h > 300.0, "and is big enough: {w} x {h}");
    let (sx, _, sw, _) = search.rectangle().await.unwrap();
    assert!(
        sx >= 0.0 && sx + sw <= width + 1.0 && sw > width * 0.6,
        "the search box fits"
    );
    let scroll: f64 = browser
        .client
        .execute("return document.documentElement.scrollWidth", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(scroll <= width, "no sideways scrolling: {scroll} > {width}");
    browser.screenshot("narrow").await;
    browser.close().await;
}

impl Browser {
    /// Runs a script in the page and returns what it returns.
    async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Waits until the overview is laid out, and returns how many nodes and edges it drew.
    async fn overview_ready(&self) -> (u64, u64) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let ready = self
                .eval(
                    "const o = window.geokgOverview; \
                     const box = document.querySelector('#overview'); \
                     return o && box && box.dataset.ready === 'true' && o.cy === o.cy \
                       ? [o.cy.nodes().length, o.cy.edges().length] : null;",
                )
                .await;
            if let (Some(nodes), Some(edges)) = (ready[0].as_u64(), ready[1].as_u64()) {
                return (nodes, edges);
            }
            if Instant::now() > deadline {
                panic!(
                    "the overview was not laid out; the page says:\n{}",
                    self.page_text().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks an element after scrolling it to the middle of the window, clear of the sticky header.
    async fn click_centred(&self, css: &str) {
        let element = self.shown(css).await;
        self.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
                vec![json!(css)],
            )
            .await
            .unwrap();
        element.click().await.unwrap();
    }

    /// Where a node of the overview is on the screen (viewport coordinates).
    async fn node_on_screen(&self, id: &str) -> (f64, f64) {
        let script = r#"
            const box = document.querySelector('#overview');
            box.scrollIntoView({ block: 'center' });
            const rect = box.getBoundingClientRect();
            const at = window.geokgOverview.cy.getElementById(arguments[0]).renderedPosition();
            return [rect.left + at.x, rect.top + at.y];
        "#;
        let at = self.client.execute(script, vec![json!(id)]).await.unwrap();
        (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
    }

    /// The model position of a node of the overview.
    async fn node_position(&self, id: &str) -> (f64, f64) {
        let at = self
            .client
            .execute(
                "const p = window.geokgOverview.cy.getElementById(arguments[0]).position(); return [p.x, p.y];",
                vec![json!(id)],
            )
            .await
            .unwrap();
        (at[0].as_f64().unwrap(), at[1].as_f64().unwrap())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_shows_communities_pins_dragged_actors_and_replays_the_months() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let api = |path: &'static str| {
        let server = &browser.server;
        async move { server.get_json(path).await.1 }
    };
    let countries = api("/api/graph?format=json&level=country").await;
    let n_countries = countries["elements"]["nodes"].as_array().unwrap().len() as u64;
    let n_country_edges = countries["elements"]["edges"].as_array().unwrap().len() as u64;

    // The start page opens on the whole graph at country level, coloured by community.
    browser.open("/").await;
    let (nodes, edges) = browser.overview_ready().await;
    assert_eq!((nodes, edges), (n_countries, n_country_edges));
    browser
        .text_of("#view-title", "Overview: all countries")
        .await;
    browser.text_of("#view", "Most central actors").await;
    let ids = browser
        .eval("return window.geokgOverview.cy.nodes().map((n) => n.id());")
        .await;
    let ids: Vec<&str> = ids
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap())
        .collect();
    assert!(ids.contains(&"PAK") && ids.contains(&"IND"), "{ids:?}");
    assert!(
        !ids.contains(&"asim-munir"),
        "persons are folded into countries"
    );
    let colours = browser
        .eval("return new Set(window.geokgOverview.cy.nodes().map((n) => n.data('colour'))).size;")
        .await;
    assert!(colours.as_u64().unwrap() >= 2, "communities are coloured");
    browser.text_of("#ov-legend", "Communities").await;
    browser.text_of("#ov-status", "laid out in").await;
    browser.screenshot("overview-countries").await;

    // Dragging an actor moves it and pins it; laying out again leaves it where it was dropped.
    let before = browser.node_position("PAK").await;
    let (x, y) = browser.node_on_screen("PAK").await;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(150)),
            x: 60.0,
            y: 45.0,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(150)),
            x: 30.0,
            y: 15.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.client.perform_actions(drag).await.unwrap();
    browser.client.release_actions().await.unwrap();
    browser.text_of("#ov-status", "pinned").await;
    let pinned = browser
        .eval("return window.geokgOverview.cy.getElementById('PAK').hasClass('pinned');")
        .await;
    assert_eq!(pinned, json!(true), "a dropped actor is pinned");
    let dropped = browser.node_position("PAK").await;
    let zoom = browser
        .eval("return window.geokgOverview.cy.zoom();")
        .await
        .as_f64()
        .unwrap();
    let moved = ((dropped.0 - before.0) * zoom, (dropped.1 - before.1) * zoom);
    assert!(
        (moved.0 - 90.0).abs() < 12.0 && (moved.1 - 60.0).abs() < 12.0,
        "PAK moved with the mouse by {moved:?} on screen"
    );
    browser.click_centred("#ov-relayout").await;
    browser.text_of("#ov-status", "Laid out again").await;
    let after = browser.node_position("PAK").await;
    assert!(
        (after.0 - dropped.0).abs() < 1.0 && (after.1 - dropped.1).abs() < 1.0,
        "a pinned actor stays where it was dropped: {dropped:?} then {after:?}"
    );
    browser.screenshot("overview-pinned").await;

    // The time control: the first month shows fewer relations than the whole time, the last
    // month (everything up to it) all of them; Play steps through the months.
    let months = browser
        .eval("return window.geokgOverview.months;")
        .await
        .as_array()
        .unwrap()
        .clone();
    assert!(months.len() >= 2, "the sample spans months: {months:?}");
    let visible =
        "return window.geokgOverview.cy.edges().filter((e) => !e.hasClass('off')).length;";
    assert_eq!(browser.eval(visible).await, json!(edges));
    let slider = browser.shown("#ov-month").await;
    slider.send_keys(&Key::Home.to_string()).await.unwrap();
    let first = months[0].as_str().unwrap();
    browser.text_of("#ov-month-label", first).await;
    let early = browser.eval(visible).await.as_u64().unwrap();
    assert!(
        early < edges,
        "{first} alone shows fewer relations: {early} of {edges}"
    );
    browser.text_of("#ov-active", "relation").await;
    browser.screenshot("overview-first-month").await;
    slider.send_keys(&Key::End.to_string()).await.unwrap();
    let last = months.last().unwrap().as_str().unwrap();
    browser.text_of("#ov-month-label", last).await;
    assert_eq!(browser.eval(visible).await, json!(edges));
    browser.click_centred("#ov-play").await;
    browser.text_of("#ov-play", "Pause").await;
    let second = months[1].as_str().unwrap();
    browser.text_of("#ov-month-label", second).await;
    browser.click_centred("#ov-play").await;
    browser.text_of("#ov-play", "Play").await;

    // Multilateral events can be hidden: the overview then draws what the API gives without them.
    let bilateral = api("/api/graph?format=json&level=country&bilateral=true").await;
    let n_bilateral = bilateral["elements"]["edges"].as_array().unwrap().len() as u64;
    browser.click_centred("#f-hide-multilateral").await;
    browser.url_with(&["hide=multilateral"], &[]).await;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let (_, shown) = browser.overview_ready().await;
        if shown == n_bilateral {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the overview shows {shown} relations, not the {n_bilateral} without multilateral events"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    browser.click_centred("#f-hide-multilateral").await;
    browser.url_with(&[], &["hide="]).await;

    // The entity level: persons and institutions apart from their countries.
    browser.click_centred("#ov-level-entity").await;
    browser.url_with(&["overview=entity"], &[]).await;
    browser.text_of("#view-title", "Overview: all actors").await;
    let entities = api("/api/graph?format=json").await;
    let n_entities = entities["elements"]["nodes"].as_array().unwrap().len() as u64;
    let deadline = Instant::now() + PATIENCE;
    while browser.overview_ready().await.0 != n_entities {
        assert!(Instant::now() < deadline, "the entity overview never came");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(n_entities > n_countries);
    browser.screenshot("overview-entities").await;

    // A clicked actor offers its network.
    let (x, y) = browser.node_on_screen("IND").await;
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.client.perform_actions(click).await.unwrap();
    browser.client.release_actions().await.unwrap();
    browser.text_of("#ov-details", "India").await;
    browser
        .shown("#ov-details a[href*='actor=IND']")
        .await
        .click()
        .await
        .unwrap();
    browser.text_of("#view-title", "Network of India").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misspelt_names_get_near_matches_and_evidence_links_to_its_source() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/?actor=PAK").await;
    browser.text_of("#view-title", "Network of Pakistan").await;
    let search = browser.shown("#search-input").await;
    search.send_keys("Pakistn").await.unwrap();
    browser.text_of("#search-list", "Did you mean").await;
    let option = browser
        .text_of("#search-list [role=option][data-id]", "Pakistan")
        .await;
    assert!(option.contains("PAK"), "{option}");
    browser.screenshot("search-near-match").await;
    search.send_keys(&Key::Down.to_string()).await.unwrap();
    search.send_keys(&Key::Enter.to_string()).await.unwrap();
    browser.url_with(&["actor=PAK"], &[]).await;

    // An address with a misspelt actor: the error offers the near names as links.
    browser.open("/?actor=Pakistn").await;
    let error = browser.text_of(".error", "not found").await;
    assert!(error.contains("Pakistn"), "{error}");
    let near = browser.text_of("#near-actors", "Pakistan").await;
    assert!(near.starts_with("Did you mean"), "{near}");
    browser.shown("#near-actors a").await.click().await.unwrap();
    browser.text_of("#view-title", "Network of Pakistan").await;
    browser.url_with(&["actor=PAK"], &["Pakistn"]).await;

    // Evidence from a document with a URL links to the source, in a new tab.
    let url = "https://example.org/news/munir-in-washington";
    let (status, body) = browser
        .server
        .post_document(&json!({
            "id": "with-url", "date": "2025-08-12", "url": url, "text": crate::support::ARTICLE,
        }))
        .await;
    assert_eq!(status, 201, "{body}");
    browser
        .open("/?view=relation&actor=asim-munir&other=USA")
        .await;
    let link = browser.shown(&format!("#evidence a[href='{url}']")).await;
    assert_eq!(
        link.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    assert!(link
        .attr("rel")
        .await
        .unwrap()
        .unwrap_or_default()
        .contains("noopener"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_network_keeps_dragged_actors_pinned_and_the_evidence_says_when_events_happened() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    // The network is drawn by Cytoscape and laid out by fCoSE, as the overview is.
    browser.open("/?actor=PAK").await;
    browser.network_ready("PAK").await;
    let layout = browser
        .eval("return typeof window.cytoscape === 'function' && !!window.geokgNetwork.cy.layout({ name: 'fcose' });")
        .await;
    assert_eq!(layout, json!(true));
    let position = |id: &'static str| {
        let browser = &browser;
        async move {
            let at = browser
                .client
                .execute(
                    "const p = window.geokgNetwork.cy.getElementById(arguments[0]).position(); \
                     return [p.x, p.y, window.geokgNetwork.cy.zoom()];",
                    vec![json!(id)],
                )
                .await
                .unwrap();
            (
                at[0].as_f64().unwrap(),
                at[1].as_f64().unwrap(),
                at[2].as_f64().unwrap(),
            )
        }
    };

    // Dragging India moves it with the pointer and pins it.
    let before = position("IND").await;
    let (x, y) = browser.network_point(&["node", "IND"]).await;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(150)),
            x: -50.0,
            y: 40.0,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(150)),
            x: -20.0,
            y: 20.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    browser.client.perform_actions(drag).await.unwrap();
    browser.client.release_actions().await.unwrap();
    browser.text_of("#net-status", "pinned").await;
    let dropped = position("IND").await;
    let moved = (
        (dropped.0 - before.0) * dropped.2,
        (dropped.1 - before.1) * dropped.2,
    );
    assert!(
        (moved.0 + 70.0).abs() < 12.0 && (moved.1 - 60.0).abs() < 12.0,
        "India moved with the mouse by {moved:?} on screen"
    );
    let pinned = "return window.geokgNetwork.cy.getElementById('IND').hasClass('pinned');";
    assert_eq!(browser.eval(pinned).await, json!(true));
    // A drag is not a click: the network stays Pakistan's.
    browser.url_with(&["actor=PAK"], &["actor=IND"]).await;

    // Laying out again leaves it where it was dropped.
    browser.click_centred("#net-relayout").await;
    browser.text_of("#net-status", "Laid out again").await;
    let after = position("IND").await;
    assert!(
        (after.0 - dropped.0).abs() < 1.0 && (after.1 - dropped.1).abs() < 1.0,
        "a pinned actor stays put: {dropped:?} then {after:?}"
    );

    // The pin outlives a reload of the same view (kept in the browser), not another view.
    browser.client.refresh().await.unwrap();
    browser.network_ready("PAK").await;
    assert_eq!(browser.eval(pinned).await, json!(true));
    let reloaded = position("IND").await;
    assert!(
        (reloaded.0 - dropped.0).abs() < 1.0 && (reloaded.1 - dropped.1).abs() < 1.0,
        "the pin came back where it was: {dropped:?} then {reloaded:?}"
    );
    browser.screenshot("network-pinned").await;
    browser.open("/?actor=PAK&level=country").await;
    browser.network_ready("PAK").await;
    assert_eq!(browser.eval(pinned).await, json!(false));
    browser.open("/?actor=PAK").await;
    browser.network_ready("PAK").await;
    browser.click_centred("#net-unpin").await;
    browser.text_of("#net-status", "Every actor unpinned").await;
    assert_eq!(browser.eval(pinned).await, json!(false));
    browser.client.refresh().await.unwrap();
    browser.network_ready("PAK").await;
    assert_eq!(browser.eval(pinned).await, json!(false));

    // The evidence gives each event's date as precisely as its sentence does, with the report
    // date beside it, and marks background mentions.
    let (status, body) = browser
        .server
        .post_document(&json!({
            "id": "dated", "date": "2025-08-12",
            "text": "Chile and Argentina signed a fisheries agreement last month. \
                     The talks follow a Chilean attack on Argentina last week.",
        }))
        .await;
    assert_eq!(status, 201, "{body}");
    let events = body["events"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|event| event["date_precision"] == "month"),
        "{body}"
    );
    assert!(
        events.iter().any(|event| event["background"] == true),
        "{body}"
    );
    browser.open("/?view=relation&actor=CHL&other=ARG").await;
    browser.shown("#evidence li blockquote").await;
    let dates = browser.text_of("#evidence", "2025-07 (month)").await;
    assert!(dates.contains("reported 2025-08-12"), "{dates}");
    assert!(dates.contains("2025-08-04 (week), background"), "{dates}");
    browser.screenshot("evidence-dates").await;
    // Hidden background mentions leave the news.
    browser
        .open("/?view=relation&actor=CHL&other=ARG&hide=background")
        .await;
    browser.shown("#evidence li blockquote").await;
    let news = browser.text_of("#evidence", "2025-07 (month)").await;
    assert!(!news.contains("background"), "{news}");
    browser.close().await;
}
