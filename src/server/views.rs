//! Wire shapes: the JSON that the API and `--json` output speak, converted from core types at the boundary.

use serde::Serialize;

use crate::graph::{ActorGraph, Filter, Neighbor, PairRelation, Path, Period};
use crate::model::{Actor, Event, Relation, Span};
use crate::store::DocumentRef;

/// An actor on the wire.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorView {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `state`, `person`, `organization` or `group`.
    pub kind: &'static str,
    /// CAMEO actor code.
    pub cameo: String,
    /// Country (ISO3) or `IGO`.
    pub country: String,
}

impl From<&Actor> for ActorView {
    fn from(actor: &Actor) -> ActorView {
        ActorView {
            id: actor.id.to_string(),
            name: actor.name.clone(),
            kind: actor.kind.as_str(),
            cameo: actor.cameo.clone(),
            country: actor.country.clone(),
        }
    }
}

/// The evidence of an event on the wire.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvidenceView {
    /// The sentence.
    pub sentence: String,
    /// Start of the sentence in the document, in characters.
    pub start: usize,
    /// End of the sentence in the document, in characters.
    pub end: usize,
    /// Where the source actor is named, in characters, when known.
    pub source: Option<SpanView>,
    /// Where the target actor is named, when known.
    pub target: Option<SpanView>,
    /// Where the trigger stands, when known.
    pub trigger: Option<SpanView>,
}

/// A character span of the document.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct SpanView {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl From<Span> for SpanView {
    fn from(span: Span) -> SpanView {
        SpanView {
            start: span.start,
            end: span.end,
        }
    }
}

/// An event on the wire, as SPEC fixes it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventView {
    /// Stable event id.
    pub id: String,
    /// Who acted.
    pub source: ActorView,
    /// Who was acted upon; `null` in an event of one actor.
    pub target: Option<ActorView>,
    /// CAMEO event code, as a string.
    pub cameo: &'static str,
    /// CAMEO root.
    pub root: &'static str,
    /// geokg kind.
    pub kind: &'static str,
    /// PLOVER category.
    pub plover: Option<&'static str>,
    /// QuadClass 1-4.
    pub quad_class: u8,
    /// Goldstein weight of the code.
    pub goldstein: f64,
    /// Event date: the first day of the period the sentence names, else the report date.
    pub date: Option<String>,
    /// How precisely the event date is known: report (no time expression: the report date),
    /// day, week, month, year or decade.
    pub date_precision: &'static str,
    /// The last day of the event's period, when it is not `date` itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    /// The sentence mentions the event as background ("since the 2008 war"), not as news.
    pub background: bool,
    /// Publication date of the document.
    pub report_date: Option<String>,
    /// Document id.
    pub document: String,
    /// The document's headline, when known.
    pub document_title: Option<String>,
    /// The article's address, when known (for imported events, their source URL).
    pub document_url: Option<String>,
    /// The sentence that proves it.
    pub evidence: EvidenceView,
    /// The rule that produced it (`gdelt`, `icews` for imported events).
    pub rule: String,
    /// Where it comes from: `extracted`, `gdelt` or `icews`.
    pub dataset: &'static str,
    /// The actors of a multilateral event (more than two); absent for a bilateral one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<String>,
}

impl From<&Event> for EventView {
    fn from(event: &Event) -> EventView {
        let info = event.code.info();
        EventView {
            id: event.id.clone(),
            source: ActorView::from(&event.source),
            target: event.target.as_ref().map(ActorView::from),
            cameo: event.code.as_str(),
            root: event.code.root(),
            kind: event.kind.as_str(),
            plover: info.plover,
            quad_class: info.quad_class,
            goldstein: info.goldstein,
            date: event.date.as_ref().map(ToString::to_string),
            date_precision: event.time.precision.as_str(),
            date_end: event
                .date
                .as_ref()
                .and_then(|date| event.time.end_date(date))
                .map(|date| date.to_string()),
            background: event.time.background,
            report_date: event.report_date.as_ref().map(ToString::to_string),
            document: event.document.clone(),
            document_title: None,
            document_url: event.source_url().map(str::to_string),
            evidence: EvidenceView {
                sentence: event.evidence.sentence.clone(),
                start: event.evidence.start,
                end: event.evidence.end,
                source: event.evidence.source.map(SpanView::from),
                target: event.evidence.target.map(SpanView::from),
                trigger: event.evidence.trigger.map(SpanView::from),
            },
            rule: event.rule.clone(),
            dataset: event.dataset().as_str(),
            participants: event.participants.iter().map(ToString::to_string).collect(),
        }
    }
}

impl EventView {
    /// The view with its document's title and URL.
    pub fn with_document(event: &Event, document: Option<&DocumentRef>) -> EventView {
        let mut view = EventView::from(event);
        if let Some(document) = document {
            view.document_title = document.title.clone();
            view.document_url = document.url.clone().or(view.document_url);
        }
        view
    }
}

/// One month of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    /// Events in the month.
    pub n_events: u64,
    /// Sum of their Goldstein weights.
    pub goldstein: f64,
}

/// A relation aggregate on the wire.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RelationView {
    /// Number of events; an event reported by several documents counts once.
    pub n_events: u64,
    /// Number of reports behind the events.
    pub n_reports: u64,
    /// Events by kind.
    pub by_kind: std::collections::BTreeMap<&'static str, u64>,
    /// Events by CAMEO code.
    pub by_code: std::collections::BTreeMap<&'static str, u64>,
    /// Earliest event date.
    pub first: Option<String>,
    /// Latest event date.
    pub last: Option<String>,
    /// Net Goldstein score.
    pub goldstein: f64,
    /// Share of material conflict events.
    pub conflict_share: f64,
    /// Events weighted by participants: 1 for a bilateral event, 1/(n-1) for each dyad of an
    /// event of n participants.
    pub weight: f64,
    /// Events with more than two participants.
    pub n_multilateral: u64,
    /// Events by month.
    pub timeline: Vec<MonthView>,
}

impl From<&Relation> for RelationView {
    fn from(relation: &Relation) -> RelationView {
        RelationView {
            n_events: relation.n_events,
            n_reports: relation.n_reports,
            by_kind: relation
                .by_kind
                .iter()
                .map(|(kind, n)| (kind.as_str(), *n))
                .collect(),
            by_code: relation
                .by_code
                .iter()
                .map(|(code, n)| (code.as_str(), *n))
                .collect(),
            first: relation.first.as_ref().map(ToString::to_string),
            last: relation.last.as_ref().map(ToString::to_string),
            goldstein: round(relation.goldstein),
            conflict_share: round(relation.conflict_share()),
            weight: round(relation.weight),
            n_multilateral: relation.n_multilateral,
            timeline: relation
                .timeline
                .iter()
                .map(|(month, bucket)| MonthView {
                    month: month.clone(),
                    n_events: bucket.n_events,
                    goldstein: round(bucket.goldstein),
                })
                .collect(),
        }
    }
}

/// A partner of an actor on the wire.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NeighborView {
    /// The partner.
    pub actor: ActorView,
    /// Events in both directions.
    pub n_events: u64,
    /// Events from the actor to the partner.
    pub outgoing: RelationView,
    /// Events from the partner to the actor.
    pub incoming: RelationView,
}

impl From<&Neighbor<'_>> for NeighborView {
    fn from(neighbor: &Neighbor<'_>) -> NeighborView {
        NeighborView {
            actor: ActorView::from(neighbor.actor),
            n_events: neighbor.n_events(),
            outgoing: RelationView::from(&neighbor.outgoing),
            incoming: RelationView::from(&neighbor.incoming),
        }
    }
}

/// The relation between two actors on the wire, with its newest evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PairView {
    /// First actor.
    pub a: ActorView,
    /// Second actor.
    pub b: ActorView,
    /// Both directions together.
    pub total: RelationView,
    /// Events from `a` to `b`.
    pub a_to_b: RelationView,
    /// Events from `b` to `a`.
    pub b_to_a: RelationView,
    /// The newest events between them, in both directions.
    pub events: Vec<EventView>,
}

impl PairView {
    /// The view of a relation and the events that back it.
    pub fn new(pair: &PairRelation<'_>, events: &[Event]) -> PairView {
        PairView {
            a: ActorView::from(pair.a),
            b: ActorView::from(pair.b),
            total: RelationView::from(&pair.total()),
            a_to_b: RelationView::from(&pair.a_to_b),
            b_to_a: RelationView::from(&pair.b_to_a),
            events: events.iter().map(EventView::from).collect(),
        }
    }
}

/// One step of a path: two actors and the relation between them, both directions together.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HopView {
    /// Where the step starts.
    pub from: ActorView,
    /// Where it ends.
    pub to: ActorView,
    /// Their relation.
    pub relation: RelationView,
}

/// A path between two actors, each hop with its relation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PathView {
    /// Total cost: hops, or the sum of strength costs.
    pub cost: f64,
    /// The actors, in order.
    pub actors: Vec<ActorView>,
    /// The steps, in order.
    pub hops: Vec<HopView>,
}

impl PathView {
    /// The view of a path of the graph, with each hop's relation over the events passing the filter.
    pub fn new(graph: &ActorGraph, path: &Path<'_>, filter: &Filter) -> PathView {
        let hops = path
            .actors
            .windows(2)
            .map(|pair| {
                let relation = graph
                    .relation(&pair[0].id, &pair[1].id, filter)
                    .expect("both actors are on the path");
                HopView {
                    from: ActorView::from(pair[0]),
                    to: ActorView::from(pair[1]),
                    relation: RelationView::from(&relation.total()),
                }
            })
            .collect();
        PathView {
            cost: round(path.cost),
            actors: path
                .actors
                .iter()
                .map(|actor| ActorView::from(*actor))
                .collect(),
            hops,
        }
    }
}

/// One period of a timeline on the wire.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeriodView {
    /// `2025-W19`, `2025-05` or `2025`.
    pub period: String,
    /// Events in the period.
    pub n_events: u64,
    /// Events of cooperation.
    pub n_cooperation: u64,
    /// Events of material conflict.
    pub n_conflict: u64,
    /// Net Goldstein score.
    pub goldstein: f64,
}

impl From<&Period> for PeriodView {
    fn from(period: &Period) -> PeriodView {
        PeriodView {
            period: period.label.clone(),
            n_events: period.n_events,
            n_cooperation: period.n_cooperation,
            n_conflict: period.n_conflict,
            goldstein: round(period.goldstein),
        }
    }
}

/// The dated roles the dictionary knows for an actor: `[{"code", "from", "to"}]`, oldest first.
pub fn roles(
    dictionary: &crate::extract::Dictionary,
    id: &crate::model::ActorId,
) -> serde_json::Value {
    let roles: Vec<serde_json::Value> = crate::pipeline::roles_of(dictionary, id)
        .into_iter()
        .map(|role| serde_json::json!({ "code": role.code, "from": role.from.map(|d| d.to_string()), "to": role.to.map(|d| d.to_string()) }))
        .collect();
    serde_json::json!(roles)
}

/// Rounds to two decimals, so sums of weights print cleanly.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
