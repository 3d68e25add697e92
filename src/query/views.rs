//! Wire shapes: the JSON that the API and `--json` output speak, converted from core types at
//! the boundary. Each derives its OpenAPI schema, so the document describes what is sent.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::graph::{ActorGraph, Filter, Neighbor, PairRelation, Path, Period};
use crate::model::{Actor, Event, Relation, Span};
use crate::store::DocumentRef;

/// An actor on the wire.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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
#[derive(Debug, Clone, Copy, Serialize, PartialEq, ToSchema)]
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
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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

/// One real event with every report that tells it, on the wire (`geokg stories`,
/// `GET /api/stories`).
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct StoryView {
    /// The id of its first stored report's event.
    pub id: String,
    /// Who acted.
    pub source: ActorView,
    /// On whom.
    pub target: ActorView,
    /// geokg kind.
    pub kind: &'static str,
    /// The lowest CAMEO code its reports give.
    pub cameo: &'static str,
    /// Event date: the first day its sharpest report names (a day before a report date before
    /// a week, a month, ...), the earliest among equals.
    pub date: String,
    /// How precisely `date` is known: its sharpest report's precision.
    pub date_precision: &'static str,
    /// The last day of that report's period, when it is not the one its precision implies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    /// Documents that tell it.
    pub n_reports: u64,
    /// Sentences that tell it (a document may tell it twice).
    pub n_sentences: u64,
    /// The day of its first report.
    pub first_report: Option<String>,
    /// The day of its last report.
    pub last_report: Option<String>,
    /// Every report mentions it only as background.
    pub background: bool,
    /// Every report, one event per sentence, in the order they were reported.
    pub reports: Vec<EventView>,
}

impl StoryView {
    /// The story with its reports (`Store::story_reports`) and their documents' titles and URLs.
    /// `None` when the story has no report left to name its actors.
    pub fn new(
        story: &crate::store::Story,
        reports: &[Event],
        documents: &std::collections::HashMap<String, DocumentRef>,
    ) -> Option<StoryView> {
        let first = reports.first()?;
        let target = first.target.as_ref()?;
        Some(StoryView {
            id: story.id.clone(),
            source: ActorView::from(&first.source),
            target: ActorView::from(target),
            kind: story.kind.as_str(),
            cameo: story.code.as_str(),
            date: story.date.to_string(),
            date_precision: story.precision.as_str(),
            date_end: story
                .date_end
                .as_ref()
                .filter(|end| end.days() > story.precision.last_day(story.date.days()))
                .map(ToString::to_string),
            n_reports: story.n_reports,
            n_sentences: story.n_sentences,
            first_report: story.first_report.as_ref().map(ToString::to_string),
            last_report: story.last_report.as_ref().map(ToString::to_string),
            background: story.background,
            reports: reports
                .iter()
                .map(|event| EventView::with_document(event, documents.get(&event.document)))
                .collect(),
        })
    }
}

/// One month of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    /// Events in the month.
    pub n_events: u64,
    /// Sum of their Goldstein weights.
    pub goldstein: f64,
}

/// A relation aggregate on the wire.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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
    /// How precisely `first` is known (`day`, `month`, ...; `report` for a report date).
    pub first_precision: Option<&'static str>,
    /// How precisely `last` is known.
    pub last_precision: Option<&'static str>,
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
            first_precision: relation.precisions().map(|(first, _)| first.as_str()),
            last_precision: relation.precisions().map(|(_, last)| last.as_str()),
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
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct HopView {
    /// Where the step starts.
    pub from: ActorView,
    /// Where it ends.
    pub to: ActorView,
    /// Their relation.
    pub relation: RelationView,
}

/// A path between two actors, each hop with its relation.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
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

/// A dated role the dictionary knows for an actor.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct RoleView {
    /// CAMEO actor code of the role.
    pub code: String,
    /// First day, when known.
    pub from: Option<String>,
    /// Last day, when it ended.
    pub to: Option<String>,
}

impl From<&crate::extract::DatedRole> for RoleView {
    fn from(role: &crate::extract::DatedRole) -> RoleView {
        RoleView {
            code: role.code.clone(),
            from: role.from.as_ref().map(ToString::to_string),
            to: role.to.as_ref().map(ToString::to_string),
        }
    }
}

/// A page of actors found by a search.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct ActorsView {
    /// The actors of the page, best match first.
    pub actors: Vec<ActorView>,
    /// Actors found in all.
    pub total: usize,
    /// The `cursor` of the next page, when there is one.
    pub next_cursor: Option<String>,
    /// When nothing matches: the actors a few typing errors away.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Vec<ActorView>>,
}

/// An actor's place among all actors.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, ToSchema)]
pub struct RankView {
    /// Its place by PageRank (1 is first).
    pub pagerank: Option<usize>,
    /// Its place by number of partners.
    pub degree: Option<usize>,
}

/// One actor: names, roles, counts by kind, timeline and top partners.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct ActorDetailView {
    /// The actor.
    pub actor: ActorView,
    /// Its sector code (country and first role).
    pub sector: String,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Its dated roles.
    pub roles: Vec<RoleView>,
    /// Its events: with partners, and alone.
    pub n_events: u64,
    /// Its events of one actor (a protest, a strike).
    pub n_one_actor_events: u64,
    /// Its events by kind.
    pub by_kind: BTreeMap<&'static str, u64>,
    /// All its events together (without a monthly timeline: see `timeline`).
    pub events: RelationView,
    /// Its events by month.
    pub timeline: Vec<PeriodView>,
    /// How many partners it has.
    pub n_partners: usize,
    /// Its ten partners with most events.
    pub top_partners: Vec<NeighborView>,
    /// Its place by PageRank and by degree, when asked for (`rank=true`; the command line always asks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<RankView>,
}

/// A page of events, newest first.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct EventsView {
    /// The events.
    pub events: Vec<EventView>,
    /// The `cursor` of the next page, when there is one.
    pub next_cursor: Option<String>,
    /// The same as a number (`offset`).
    pub next_offset: Option<usize>,
}

/// A page of real events, newest first, each with its reports.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct StoriesView {
    /// The stories.
    pub stories: Vec<StoryView>,
    /// The `cursor` of the next page, when there is one.
    pub next_cursor: Option<String>,
    /// The same as a number (`offset`).
    pub next_offset: Option<usize>,
}

/// The relation between two actors, its timeline and a page of its evidence.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct RelationAnswerView {
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
    /// A page of the evidence, newest first, in both directions.
    pub events: Vec<EventView>,
    /// The `cursor` of the next page of evidence, when there is one.
    pub next_cursor: Option<String>,
    /// The relation by period.
    pub periods: Vec<PeriodView>,
}

/// A page of an actor's partners.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct NeighborsView {
    /// The actor.
    pub actor: ActorView,
    /// Partners in all.
    pub total: usize,
    /// The partners of the page.
    pub neighbors: Vec<NeighborView>,
    /// The `cursor` of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// The best paths between two actors.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct PathsView {
    /// Start actor.
    pub from: String,
    /// End actor.
    pub to: String,
    /// Whether any path was found.
    pub found: bool,
    /// The steps of the best path (empty when none).
    pub hops: Vec<HopView>,
    /// The paths, best first.
    pub paths: Vec<PathView>,
}

/// An actor and its score under a measure.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct RankedView {
    /// Its place (1 is first).
    pub rank: usize,
    /// The actor.
    pub actor: ActorView,
    /// Its score.
    pub score: f64,
}

/// A page of actors ranked by a measure.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct RankingsView {
    /// The measure.
    pub measure: String,
    /// Actors ranked in all.
    pub total: usize,
    /// The actors of the page.
    pub rankings: Vec<RankedView>,
    /// The `cursor` of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// A community: actors that deal mostly with each other.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct CommunityView {
    /// Its number, from the largest (0).
    pub id: usize,
    /// Its number of members.
    pub size: usize,
    /// Its members, the most active first.
    pub members: Vec<ActorView>,
}

/// The communities of the graph and the modularity of the partition.
#[derive(Debug, Clone, Serialize, PartialEq, ToSchema)]
pub struct CommunitiesView {
    /// Modularity of the partition.
    pub modularity: f64,
    /// Communities in all.
    pub total: usize,
    /// The largest communities.
    pub communities: Vec<CommunityView>,
}

/// Rounds to two decimals, so sums of weights print cleanly.
fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
