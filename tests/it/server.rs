//! The HTTP API on a real socket.

use serde_json::json;

use crate::support::{
    graphviz_available, render_svg, spawn_server, spawn_server_with, ARTICLE, SECOND_ARTICLE,
};

async fn server_with_articles() -> crate::support::TestServer {
    let server = spawn_server().await;
    let (status, body) = server
        .post_document(&json!({"id": "a1", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = server
        .post_document(&json!({"id": "a2", "date": "2025-09-04", "text": SECOND_ARTICLE}))
        .await;
    assert_eq!(status, 201);
    server
}

#[tokio::test]
async fn health_counts_what_the_store_holds() {
    let server = spawn_server().await;
    let (status, body) = server.get_json("/health").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "ok", "documents": 0, "actors": 0, "events": 0})
    );
    let server = server_with_articles().await;
    let (_, body) = server.get_json("/health").await;
    assert_eq!(body["documents"], 2);
    assert!(body["events"].as_u64().unwrap() >= 4, "{body}");
}

#[tokio::test]
async fn posted_document_events_follow_the_spec_shape() {
    let server = spawn_server().await;
    let (status, body) = server
        .post_document(&json!({"id": "a1", "date": "2025-08-12", "text": ARTICLE}))
        .await;
    assert_eq!(status, 201);
    assert_eq!(body["status"], "added");
    let events = body["events"].as_array().unwrap();
    let visit = events
        .iter()
        .find(|event| event["kind"] == "visit" && event["source"]["id"] == "asim-munir")
        .unwrap_or_else(|| panic!("no visit by Munir in {body}"));
    assert_eq!(visit["target"]["id"], "USA");
    assert_eq!(visit["cameo"], "042");
    assert_eq!(visit["root"], "04");
    assert_eq!(visit["quad_class"], 1);
    assert_eq!(visit["plover"], "CONSULT");
    assert_eq!(visit["source"]["country"], "PAK");
    assert_eq!(visit["source"]["kind"], "person");
    assert_eq!(visit["date"], "2025-08-12");
    assert_eq!(visit["document"], "a1");
    let sentence = visit["evidence"]["sentence"].as_str().unwrap();
    assert!(sentence.contains("visited Washington"), "{sentence}");
    let (start, end) = (
        visit["evidence"]["start"].as_u64().unwrap() as usize,
        visit["evidence"]["end"].as_u64().unwrap() as usize,
    );
    let span: String = ARTICLE.chars().skip(start).take(end - start).collect();
    assert_eq!(span, sentence, "the span points at the sentence");
    assert!(!visit["rule"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn posting_the_same_document_twice_adds_nothing() {
    let server = spawn_server().await;
    let document = json!({"text": ARTICLE, "date": "2025-08-12"});
    let (first, _) = server.post_document(&document).await;
    let (_, before) = server.get_json("/health").await;
    let (second, body) = server.post_document(&document).await;
    let (_, after) = server.get_json("/health").await;
    assert_eq!((first, second), (201, 200));
    assert_eq!(body["status"], "duplicate");
    assert_eq!(before, after);
}

#[tokio::test]
async fn plain_text_bodies_are_documents_too_with_the_token() {
    let options = geokg::server::Options {
        token: Some("s3cret".into()),
        ..Default::default()
    };
    let server = crate::support::spawn_server_with_options(
        geokg::store::Store::open_in_memory().unwrap(),
        options,
    )
    .await;
    let response = server
        .client
        .post(format!("{}/api/documents", server.base))
        .header("content-type", "text/plain")
        .bearer_auth("s3cret")
        .body(ARTICLE)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
}

#[tokio::test]
async fn actors_search_finds_by_partial_name() {
    let server = server_with_articles().await;
    let (status, body) = server.get_json("/api/actors?q=pakis").await;
    assert_eq!(status, 200);
    assert_eq!(body["actors"][0]["id"], "PAK", "{body}");
    let (_, body) = server.get_json("/api/actors?q=munir").await;
    assert_eq!(body["actors"][0]["id"], "asim-munir");
    let (_, body) = server.get_json("/api/actors?q=nobody-by-this-name").await;
    assert_eq!(body["actors"], json!([]));
    assert_eq!(body["suggestions"], json!([]));
    // Nothing matches a misspelt name: the near matches come as suggestions.
    let (_, body) = server.get_json("/api/actors?q=Pakistn").await;
    assert_eq!(body["actors"], json!([]), "{body}");
    assert_eq!(body["total"], 0);
    assert_eq!(body["suggestions"][0]["id"], "PAK", "{body}");
    let (_, body) = server.get_json("/api/actors?q=Pakistn&level=country").await;
    assert_eq!(body["suggestions"][0]["id"], "PAK", "{body}");
    let (_, body) = server.get_json("/api/actors?q=pakis").await;
    assert!(
        body.get("suggestions").is_none(),
        "only when nothing matches"
    );
}

#[tokio::test]
async fn unknown_actors_are_answered_with_near_matches() {
    let server = server_with_articles().await;
    for path in [
        "/api/actors/Pakistn",
        "/api/actors/Pakistn/neighbors",
        "/api/relations/USA/Pakitsan",
        "/api/graph?center=Pakistn&format=json",
        "/api/actors/PAKK?level=country",
    ] {
        let (status, body) = server.get_json(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        let message = body["error"].as_str().unwrap();
        assert!(
            message.contains("not found; did you mean PAK (Pakistan)?"),
            "{path}: {message}"
        );
    }
}

#[tokio::test]
async fn graph_json_carries_months_for_the_replay_when_asked() {
    let server = server_with_articles().await;
    let (status, plain) = server.get_json("/api/graph?format=json").await;
    assert_eq!(status, 200);
    assert!(plain["elements"]["edges"][0]["data"]
        .get("months")
        .is_none());
    let (status, body) = server
        .get_json("/api/graph?format=json&timeline=month")
        .await;
    assert_eq!(status, 200);
    let edges = body["elements"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for edge in edges {
        let data = &edge["data"];
        let months = data["months"].as_array().unwrap();
        let total: u64 = months.iter().map(|m| m[1].as_u64().unwrap()).sum();
        assert_eq!(total, data["n_events"].as_u64().unwrap(), "{data}");
        let sum: f64 = months.iter().map(|m| m[2].as_f64().unwrap()).sum();
        assert!(
            (sum - data["goldstein_sum"].as_f64().unwrap()).abs() < 0.05,
            "{data}"
        );
        let first = months[0][0].as_str().unwrap();
        assert_eq!(first, &data["first"].as_str().unwrap()[..7], "{data}");
    }
    let (status, body) = server
        .get_json("/api/graph?format=json&timeline=week")
        .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("`timeline`"));
}

#[tokio::test]
async fn the_page_libraries_are_served_from_the_binary() {
    let server = spawn_server().await;
    for file in [
        "cytoscape.min.js",
        "layout-base.min.js",
        "cose-base.min.js",
        "cytoscape-fcose.min.js",
    ] {
        let response = server
            .client
            .get(format!("{}/web/vendor/{file}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{file}");
        assert_eq!(
            response.headers()["content-type"],
            "text/javascript; charset=utf-8"
        );
        assert!(response.text().await.unwrap().len() > 10_000, "{file}");
    }
    assert_eq!(server.get("/web/vendor/other.js").await.0, 404);
    assert_eq!(server.get("/web/vendor/..%2Fapp.js").await.0, 404);
    let (_, page) = server.get("/").await;
    assert!(page.contains("/web/vendor/cytoscape.min.js"));
}

#[tokio::test]
async fn actor_detail_and_neighbors() {
    let server = server_with_articles().await;
    let (status, body) = server.get_json("/api/actors/asim-munir").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["actor"]["name"], "Asim Munir");
    assert!(body["n_events"].as_u64().unwrap() >= 2);
    let (status, body) = server
        .get_json("/api/actors/asim-munir/neighbors?dir=out")
        .await;
    assert_eq!(status, 200);
    let partners: Vec<&str> = body["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["actor"]["id"].as_str().unwrap())
        .collect();
    assert!(partners.contains(&"USA"), "{partners:?}");
    let (_, body) = server
        .get_json("/api/actors/asim-munir/neighbors?kind=conflict")
        .await;
    assert_eq!(body["neighbors"], json!([]));
}

#[tokio::test]
async fn relation_has_counts_dates_and_evidence() {
    let server = server_with_articles().await;
    let (status, body) = server.get_json("/api/relations/IND/PAK").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["total"]["by_kind"]["conflict"].as_u64().unwrap() >= 1,
        "{body}"
    );
    assert!(body["total"]["goldstein"].as_f64().unwrap() < 0.0);
    // "clashed ... in May", reported in August: a May event, known to the month.
    assert_eq!(body["total"]["first"], "2025-05-01");
    assert_eq!(body["total"]["timeline"][0]["month"], "2025-05");
    let evidence = body["events"].as_array().unwrap();
    assert!(evidence.iter().any(|event| event["evidence"]["sentence"]
        .as_str()
        .unwrap()
        .contains("clashed")));
}

#[tokio::test]
async fn unknown_actors_are_404_and_bad_parameters_400() {
    let server = server_with_articles().await;
    let (status, body) = server.get_json("/api/actors/XYZ").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "actor `XYZ` not found");
    assert_eq!(server.get_json("/api/relations/PAK/XYZ").await.0, 404);
    assert_eq!(server.get_json("/api/actors/XYZ/neighbors").await.0, 404);
    let (status, body) = server.get_json("/api/events?since=2025-13-01").await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("`since`"),
        "{body}"
    );
    let (status, body) = server.get_json("/api/events?kind=picnic").await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("`kind`"));
    assert_eq!(server.get_json("/api/events?limit=many").await.0, 400);
    let (status, body) = server.get_json("/api/events?bilateral=maybe").await;
    assert_eq!(status, 400);
    assert!(
        body["error"].as_str().unwrap().contains("`bilateral`"),
        "{body}"
    );
    assert_eq!(server.get_json("/api/events?bilateral=true").await.0, 200);
    assert_eq!(
        server
            .get_json("/api/actors/PAK/neighbors?dir=sideways")
            .await
            .0,
        400
    );
    assert_eq!(server.get_json("/api/actors/bad%20id").await.0, 400);
    assert_eq!(server.get_json("/api/nothing-here").await.0, 404);
}

#[tokio::test]
async fn events_filter_by_actor_kind_and_dates_with_paging() {
    let server = server_with_articles().await;
    let (status, body) = server
        .get_json("/api/events?actor=RUSMIL&kind=conflict")
        .await;
    assert_eq!(status, 200);
    let events = body["events"].as_array().unwrap();
    assert!(!events.is_empty(), "{body}");
    assert!(events.iter().all(|e| e["kind"] == "conflict"));
    let (_, body) = server.get_json("/api/events?until=2025-08-31").await;
    assert!(body["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["date"].as_str().is_some_and(|date| date <= "2025-08-31")));
    let (_, page) = server.get_json("/api/events?limit=1").await;
    assert_eq!(page["events"].as_array().unwrap().len(), 1);
    assert_eq!(page["next_offset"], 1);
    let (_, second) = server.get_json("/api/events?limit=1&offset=1").await;
    assert_ne!(page["events"][0]["id"], second["events"][0]["id"]);
}

#[tokio::test]
async fn bad_bodies_are_rejected_with_fitting_codes() {
    let server = spawn_server().await;
    let (status, body) = server.post_document(&json!({"id": "x"})).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"], "field `text`: missing");
    let (status, _) = server
        .post_document(&json!({"text": "x", "date": "yesterday"}))
        .await;
    assert_eq!(status, 422);
    let response = server
        .client
        .post(format!("{}/api/documents", server.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let huge = "a".repeat(geokg::server::MAX_BODY_BYTES + 10);
    let response = server
        .client
        .post(format!("{}/api/documents", server.base))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("larger than"));
    assert_eq!(server.get_json("/health").await.1["documents"], 0);
}

#[tokio::test]
async fn graph_dot_renders_with_graphviz() {
    let server = server_with_articles().await;
    let response = server
        .client
        .get(format!("{}/api/graph.dot", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/vnd.graphviz; charset=utf-8"
    );
    let dot = response.text().await.unwrap();
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("\"asim-munir\""));
    let (status, ego) = server
        .get("/api/graph?format=dot&center=PAK&depth=1&level=country")
        .await;
    assert_eq!(status, 200);
    assert!(
        !ego.contains("\"asim-munir\""),
        "persons fold into countries"
    );
    assert_eq!(server.get("/api/graph?format=pdf").await.0, 400);
    assert_eq!(server.get("/api/graph.dot?center=XYZ").await.0, 404);
    if graphviz_available() {
        assert!(render_svg(dot.as_bytes()).contains("<svg"));
        assert!(render_svg(ego.as_bytes()).contains("<svg"));
    }
}

#[tokio::test]
async fn paths_link_actors_through_partners() {
    let server = server_with_articles().await;
    let (status, body) = server
        .get_json("/api/paths?from=asim-munir&to=narendra-modi")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["found"], true);
    assert!(!body["hops"].as_array().unwrap().is_empty());
    assert_eq!(server.get_json("/api/paths?from=PAK").await.0, 400);
}

#[tokio::test]
async fn a_restarted_server_sees_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let before = {
        let server = spawn_server_with(geokg::store::Store::open(&path).unwrap()).await;
        server
            .post_document(&json!({"id": "a1", "date": "2025-08-12", "text": ARTICLE}))
            .await;
        server.get_json("/api/actors/PAK/neighbors").await.1
    };
    let server = spawn_server_with(geokg::store::Store::open(&path).unwrap()).await;
    assert_eq!(server.get_json("/api/actors/PAK/neighbors").await.1, before);
}

#[tokio::test]
async fn every_documented_route_answers_and_gets_allow_cors() {
    let server = server_with_articles().await;
    let (status, document) = server.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(document["openapi"], "3.1.0");
    for (path, item) in document["paths"].as_object().unwrap() {
        if item.get("get").is_none() || path.starts_with("/web/vendor") {
            continue;
        }
        let concrete = path
            .replace("{id}", "PAK")
            .replace("{a}", "IND")
            .replace("{b}", "PAK");
        let query = if concrete == "/api/paths" {
            "?from=IND&to=PAK"
        } else {
            ""
        };
        let response = server
            .client
            .get(format!("{}{concrete}{query}", server.base))
            .header("origin", "http://example.test")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "GET {concrete}");
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            "*",
            "GET {concrete}"
        );
    }
}

#[tokio::test]
async fn neighbors_sort_filter_and_page() {
    let server = server_with_articles().await;
    let (_, all) = server.get_json("/api/actors/PAK/neighbors").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 1, "{all}");
    let (_, first) = server.get_json("/api/actors/PAK/neighbors?limit=1").await;
    assert_eq!(first["neighbors"].as_array().unwrap().len(), 1);
    if total > 1 {
        assert_eq!(first["next_cursor"], "1");
        let (_, second) = server
            .get_json("/api/actors/PAK/neighbors?limit=1&cursor=1")
            .await;
        assert_ne!(
            first["neighbors"][0]["actor"]["id"],
            second["neighbors"][0]["actor"]["id"]
        );
    } else {
        assert!(first["next_cursor"].is_null());
    }
    let (_, conflict_first) = server
        .get_json("/api/actors/PAK/neighbors?sort=conflict")
        .await;
    assert_eq!(
        conflict_first["neighbors"][0]["actor"]["id"], "IND",
        "{conflict_first}"
    );
    let (_, strong) = server
        .get_json("/api/actors/PAK/neighbors?min_count=1000")
        .await;
    assert_eq!(strong["neighbors"], json!([]));
    assert_eq!(
        server
            .get_json("/api/actors/PAK/neighbors?sort=alphabet")
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn relations_roll_up_to_countries_with_timelines_and_paged_evidence() {
    let server = server_with_articles().await;
    let (status, body) = server
        .get_json("/api/relations/asim-munir/USA?level=country&granularity=year")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["a"]["id"], "PAK", "Munir folds into Pakistan");
    assert_eq!(body["periods"][0]["period"], "2025");
    assert!(body["total"]["n_events"].as_u64().unwrap() >= 2, "{body}");
    assert!(
        !body["events"].as_array().unwrap().is_empty(),
        "evidence is found for folded actors too"
    );
    let (_, page) = server
        .get_json("/api/relations/asim-munir/USA?limit=1")
        .await;
    assert_eq!(page["events"].as_array().unwrap().len(), 1);
    assert_eq!(page["next_cursor"], "1");
    let (_, rest) = server
        .get_json("/api/relations/asim-munir/USA?limit=1&cursor=1")
        .await;
    assert_ne!(page["events"][0]["id"], rest["events"][0]["id"]);
    let (_, empty) = server
        .get_json("/api/relations/IND/PAK?since=2030-01-01")
        .await;
    assert_eq!(empty["total"]["n_events"], 0);
    assert_eq!(
        server
            .get_json("/api/relations/IND/PAK?granularity=decade")
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn rankings_and_communities_cover_the_graph() {
    let server = server_with_articles().await;
    let (status, ranked) = server.get_json("/api/rankings?measure=degree").await;
    assert_eq!(status, 200);
    let rankings = ranked["rankings"].as_array().unwrap();
    assert!(rankings.len() >= 4, "{ranked}");
    assert_eq!(rankings[0]["rank"], 1);
    assert!(rankings
        .windows(2)
        .all(|pair| pair[0]["score"].as_f64() >= pair[1]["score"].as_f64()));
    let (_, pagerank) = server.get_json("/api/rankings").await;
    let sum: f64 = pagerank["rankings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .sum();
    assert!(sum > 0.5 && sum <= 1.0 + 1e-9, "{sum}");
    assert_eq!(server.get_json("/api/rankings?measure=fame").await.0, 400);
    let (status, found) = server.get_json("/api/communities?level=country").await;
    assert_eq!(status, 200);
    let communities = found["communities"].as_array().unwrap();
    assert!(
        communities.len() >= 2,
        "Russia-Ukraine and South Asia are apart: {found}"
    );
    let n_members: u64 = communities
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert!(n_members >= 5);
}

#[tokio::test]
async fn graph_json_and_pruned_ego_networks() {
    let server = server_with_articles().await;
    let (status, body) = server
        .get_json("/api/graph?format=json&center=PAK&depth=2")
        .await;
    assert_eq!(status, 200);
    let nodes: Vec<&str> = body["elements"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["data"]["id"].as_str().unwrap())
        .collect();
    assert!(
        nodes.contains(&"PAK") && nodes.contains(&"IND"),
        "{nodes:?}"
    );
    let edges = body["elements"]["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .all(|e| nodes.contains(&e["data"]["source"].as_str().unwrap())));
    let response = server
        .client
        .get(format!(
            "{}/api/graph?format=json&center=PAK&depth=2&top=1",
            server.base
        ))
        .send()
        .await
        .unwrap();
    let note = response.headers()["x-geokg-pruned"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(note.starts_with("actors="), "{note}");
    let pruned: serde_json::Value = response.json().await.unwrap();
    assert!(pruned["elements"]["nodes"].as_array().unwrap().len() <= nodes.len());
    let (_, paths) = server
        .get_json("/api/paths?from=asim-munir&to=narendra-modi&k=2&by=strength")
        .await;
    assert_eq!(paths["found"], true, "{paths}");
    assert!(paths["paths"][0]["cost"].as_f64().unwrap() > 0.0);
}
