//! The fixed sets of values that options and parameters take, named once.
//!
//! Each set is one enum: the command line reads it as a clap `ValueEnum` (a wrong value is a
//! usage error that lists the right ones), the API reads it by the same names, and the OpenAPI
//! document lists the same names as the parameter's `enum`. Each converts into the core type it
//! stands for.

use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;

use crate::export;
use crate::graph;
use crate::model;

/// One of a fixed set of values, read by name from a command line or a request.
pub trait Choice: clap::ValueEnum + Copy + 'static {
    /// The value of this name, if it is one.
    fn named(raw: &str) -> Option<Self> {
        Self::value_variants()
            .iter()
            .copied()
            .find(|value| value.name() == raw)
    }

    /// The name of this value.
    fn name(&self) -> String {
        self.to_possible_value()
            .expect("no value is hidden")
            .get_name()
            .to_string()
    }

    /// Every name, in order.
    fn names() -> Vec<String> {
        Self::value_variants()
            .iter()
            .map(|value| value.name())
            .collect()
    }
}

impl<T: clap::ValueEnum + Copy + 'static> Choice for T {}

/// The OpenAPI schema of a fixed set of values: a string, one of the names clap knows.
pub fn schema_of<T: Choice>() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some(T::names()))
        .into()
}

/// Declares an enum of named values that stands for a core enum, with its schema.
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident => $core:ty { $($(#[$variant_doc:meta])* $variant:ident = $text:literal => $target:expr),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
        pub enum $name {
            $($(#[$variant_doc])* #[value(name = $text)] $variant),+
        }

        impl From<$name> for $core {
            fn from(value: $name) -> $core {
                match value {
                    $($name::$variant => $target),+
                }
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                schema_of::<$name>()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

choices! {
    /// How actors are seen: as themselves, folded into sectors, or into countries.
    Level => graph::Level {
        /// Persons, institutions and states as themselves.
        Entity = "entity" => graph::Level::Entity,
        /// Folded into sectors (`PAKMIL`).
        Sector = "sector" => graph::Level::Sector,
        /// Folded into countries (`PAK`).
        Country = "country" => graph::Level::Country,
    }
}

choices! {
    /// The date that `since` and `until` apply to.
    DateOn => graph::DateField {
        /// When the event happened.
        Event = "event" => graph::DateField::Event,
        /// When it was reported.
        Report = "report" => graph::DateField::Report,
    }
}

choices! {
    /// Where events come from.
    Dataset => model::Dataset {
        /// Extracted from text by geokg.
        Extracted = "extracted" => model::Dataset::Extracted,
        /// Imported from GDELT.
        Gdelt = "gdelt" => model::Dataset::Gdelt,
        /// Imported from ICEWS.
        Icews = "icews" => model::Dataset::Icews,
    }
}

choices! {
    /// The kinds of events (families of CAMEO codes).
    Kind => model::EventKind {
        /// 01: public statements.
        Statement = "statement" => model::EventKind::Statement,
        /// 02: appeals.
        Appeal = "appeal" => model::EventKind::Appeal,
        /// 03: intent to cooperate.
        Intent = "intent" => model::EventKind::Intent,
        /// Consultations, calls, talks.
        Meeting = "meeting" => model::EventKind::Meeting,
        /// 042 and 043.
        Visit = "visit" => model::EventKind::Visit,
        /// 05: diplomatic cooperation.
        Cooperation = "cooperation" => model::EventKind::Cooperation,
        /// 06: material cooperation.
        MaterialCooperation = "material_cooperation" => model::EventKind::MaterialCooperation,
        /// 07: aid.
        Aid = "aid" => model::EventKind::Aid,
        /// 08: yielding.
        Yield = "yield" => model::EventKind::Yield,
        /// 09: investigation.
        Investigate = "investigate" => model::EventKind::Investigate,
        /// 10: demands.
        Demand = "demand" => model::EventKind::Demand,
        /// 11: disapproval.
        Disapprove = "disapprove" => model::EventKind::Disapprove,
        /// 12: rejection.
        Reject = "reject" => model::EventKind::Reject,
        /// A refused, declined or cancelled visit or meeting.
        DeclinedVisit = "declined_visit" => model::EventKind::DeclinedVisit,
        /// 13: threats.
        Threat = "threat" => model::EventKind::Threat,
        /// 14: protest.
        Protest = "protest" => model::EventKind::Protest,
        /// 16: sanctions.
        Sanction = "sanction" => model::EventKind::Sanction,
        /// Material conflict.
        Conflict = "conflict" => model::EventKind::Conflict,
    }
}

choices! {
    /// The direction of the events of a partner.
    Dir => graph::Dir {
        /// Events the actor did to others.
        Out = "out" => graph::Dir::Out,
        /// Events others did to the actor.
        In = "in" => graph::Dir::In,
        /// Both.
        Both = "both" => graph::Dir::Both,
    }
}

choices! {
    /// The order of an actor's partners.
    Sort => graph::NeighborOrder {
        /// Most events first.
        Count = "count" => graph::NeighborOrder::Count,
        /// Most cooperative first.
        Cooperation = "cooperation" => graph::NeighborOrder::Cooperation,
        /// Most conflictual first.
        Conflict = "conflict" => graph::NeighborOrder::Conflict,
        /// Latest event first.
        Recent = "recent" => graph::NeighborOrder::Recent,
    }
}

choices! {
    /// The periods of a timeline.
    Granularity => graph::Granularity {
        /// ISO weeks.
        Week = "week" => graph::Granularity::Week,
        /// Months.
        Month = "month" => graph::Granularity::Month,
        /// Years.
        Year = "year" => graph::Granularity::Year,
    }
}

choices! {
    /// What a path minimises.
    PathBy => graph::PathCost {
        /// Fewest steps.
        Hops = "hops" => graph::PathCost::Hops,
        /// Strong, cooperative ties.
        Strength = "strength" => graph::PathCost::Strength,
    }
}

choices! {
    /// The measures actors are ranked by.
    Measure => graph::Measure {
        /// PageRank over events.
        Pagerank = "pagerank" => graph::Measure::PageRank,
        /// Number of partners.
        Degree = "degree" => graph::Measure::Degree,
        /// Number of events with partners.
        WeightedDegree = "weighted_degree" => graph::Measure::WeightedDegree,
        /// Brandes betweenness.
        Betweenness = "betweenness" => graph::Measure::Betweenness,
    }
}

choices! {
    /// The formats of a graph export.
    Format => export::Format {
        /// Graphviz DOT.
        Dot = "dot" => export::Format::Dot,
        /// SVG.
        Svg = "svg" => export::Format::Svg,
        /// GraphML.
        Graphml = "graphml" => export::Format::GraphMl,
        /// GEXF 1.2 with time spells.
        Gexf = "gexf" => export::Format::Gexf,
        /// Cytoscape.js JSON.
        Json = "json" => export::Format::Json,
        /// A CSV edge list.
        Csv = "csv" => export::Format::Csv,
    }
}

choices! {
    /// Yes or no, for a parameter of the API.
    Flag => bool {
        /// Yes.
        True = "true" => true,
        /// No.
        False = "false" => false,
    }
}

choices! {
    /// The timeline a JSON graph carries on its edges.
    Timeline => bool {
        /// Events and Goldstein sums by month.
        Month = "month" => true,
    }
}

// The enums come from `choices!`, which derives no `Default`: not every set has one.
#[allow(clippy::derivable_impls)]
impl Default for Level {
    fn default() -> Level {
        Level::Entity
    }
}

#[allow(clippy::derivable_impls)]
impl Default for DateOn {
    fn default() -> DateOn {
        DateOn::Event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_covers<T: Choice + Into<C>, C: PartialEq + std::fmt::Debug>(
        all: &[C],
        name_of: impl Fn(&C) -> String,
    ) {
        for core in all {
            let named = T::named(&name_of(core)).unwrap_or_else(|| panic!("{core:?} has no name"));
            assert_eq!(&named.into(), core);
        }
        assert_eq!(T::names().len(), all.len());
    }

    #[test]
    fn every_core_value_has_its_name() {
        check_covers::<Kind, _>(&model::EventKind::ALL, |kind| kind.as_str().to_string());
        check_covers::<Dataset, _>(&model::Dataset::ALL, |dataset| dataset.as_str().to_string());
        for name in Level::names() {
            assert_eq!(
                graph::Level::parse(&name),
                Some(Level::named(&name).unwrap().into())
            );
        }
        for name in Format::names() {
            assert_eq!(
                export::Format::parse(&name),
                Some(Format::named(&name).unwrap().into())
            );
        }
        for name in Measure::names() {
            assert_eq!(
                graph::Measure::parse(&name),
                Some(Measure::named(&name).unwrap().into())
            );
        }
    }

    #[test]
    fn the_schema_lists_the_names_clap_knows() {
        let schema = serde_json::to_value(<Sort as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(
            schema["enum"],
            serde_json::json!(["count", "cooperation", "conflict", "recent"])
        );
    }
}
