//! DynamoDB tables in the DSL: SAM's `AWS::Serverless::SimpleTable` (a
//! single-attribute key), and full `AWS::DynamoDB::Table`s, which pass through
//! SAM as plain resources.
//!
//! A full [`Table`] is declared by its keys — written once, with their types,
//! or taken from a Rust item type ([`TableItem`], [`table_item!`](crate::table_item))
//! — and indexes that name attributes; `AttributeDefinitions` are derived from
//! them. Type-state records what changes what is legal: a stream
//! ([`NoStream`]/[`WithStream`]: only a table with one has a stream ARN) and
//! billing ([`OnDemand`]/[`Provisioned`]: only a provisioned table takes an
//! index with capacity of its own). Mistakes only the values show (an index on
//! an undeclared attribute, too many indexes, a local index without a sort
//! key, a bad table name) are reported at synth with the caller's location.
//! Provisioned capacity that scales adds Application Auto Scaling targets and
//! target-tracking policies, as CDK's `autoScaleReadCapacity` does.

use std::borrow::Cow;
use std::marker::PhantomData;
use std::panic::Location;

use serde_json::{json, Value};

use crate::model::Ref;

use super::parts::{Parts, Problem, ResourceBuilder};
use super::{intern, App};

/// Type of a key attribute: DynamoDB allows only these three in a key, so
/// no other can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// `S`.
    String,
    /// `N`.
    Number,
    /// `B`.
    Binary,
}

impl KeyType {
    /// SAM's name for the type (`String`).
    pub fn sam_name(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Number => "Number",
            KeyType::Binary => "Binary",
        }
    }

    /// DynamoDB's code for the type (`S`).
    pub fn code(self) -> &'static str {
        match self {
            KeyType::String => "S",
            KeyType::Number => "N",
            KeyType::Binary => "B",
        }
    }
}

/// SAM's SimpleTable: a table with a single-attribute key, billed on demand
/// unless given capacity. For sort keys, indexes and streams use [`Table`].
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("a");
/// let t = app.simple_table("Items", SimpleTable::new().primary_key("itemId", KeyType::String));
/// assert_eq!(t.name(), serde_json::json!({"Ref": "Items"}));
/// ```
#[derive(Debug, Clone, Default)]
pub struct SimpleTable {
    pub(crate) parts: Parts,
}

impl ResourceBuilder for SimpleTable {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl SimpleTable {
    /// A SimpleTable with SAM's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The hash key.
    /// Default: `id` of type String.
    pub fn primary_key(mut self, name: &str, key_type: KeyType) -> Self {
        self.parts.set(
            "primary_key",
            "PrimaryKey",
            json!({"Name": name, "Type": key_type.sam_name()}),
        );
        self
    }

    /// Provisioned read and write capacity units.
    /// Default: on-demand billing (`PAY_PER_REQUEST`).
    pub fn provisioned(mut self, read: u64, write: u64) -> Self {
        self.parts.set(
            "provisioned",
            "ProvisionedThroughput",
            json!({"ReadCapacityUnits": read, "WriteCapacityUnits": write}),
        );
        self
    }

    /// Physical table name.
    /// Default: CloudFormation generates a unique name.
    pub fn table_name(mut self, name: impl Into<Value>) -> Self {
        self.parts.set("table_name", "TableName", name.into());
        self
    }

    /// Server-side encryption with an AWS managed key.
    /// Default: the same under the `recommended` defaults
    /// (`Hardening::TableEncryption`); with SAM's, DynamoDB's default
    /// encryption (AWS owned key).
    pub fn encrypted(mut self) -> Self {
        self.parts
            .set("encrypted", "SSESpecification", json!({"SSEEnabled": true}));
        self
    }

    /// Point-in-time recovery.
    /// Default: off.
    pub fn point_in_time_recovery(mut self) -> Self {
        self.parts.set(
            "point_in_time_recovery",
            "PointInTimeRecoverySpecification",
            json!({"PointInTimeRecoveryEnabled": true}),
        );
        self
    }

    /// Adds a tag.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.parts
            .map("tag", "Tags")
            .insert(key.to_string(), value.into());
        self
    }
}

impl App {
    /// Declares a SimpleTable; returns its handle.
    #[track_caller]
    pub fn simple_table(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        t: SimpleTable,
    ) -> Ref<SimpleTable> {
        self.declare(id, "table", "AWS::Serverless::SimpleTable", t.parts)
    }
}

impl Ref<SimpleTable> {
    /// The table's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }

    /// The table's ARN (`Fn::GetAtt: [T, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}

/// One key attribute: its name and DynamoDB type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyDef {
    pub name: &'static str,
    pub key_type: KeyType,
}

impl KeyDef {
    /// An attribute `name` of type `key_type`.
    pub const fn new(name: &'static str, key_type: KeyType) -> Self {
        KeyDef { name, key_type }
    }
}

/// A Rust type a key attribute can hold: strings (S), numbers (N) and bytes
/// (B) — the only types DynamoDB allows in a key.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a DynamoDB key attribute",
    label = "this field's type is not a string, a number or bytes",
    note = "DynamoDB keys are strings (S), numbers (N) or binary (B): use String, an integer or float type, or Vec<u8>"
)]
pub trait KeyAttribute {
    /// The DynamoDB type the Rust type is stored as.
    const KEY_TYPE: KeyType;
}

macro_rules! key_attribute {
    ($kt:ident: $($t:ty),*) => { $(impl KeyAttribute for $t { const KEY_TYPE: KeyType = KeyType::$kt; })* };
}
key_attribute!(String: String, &str, Box<str>, std::borrow::Cow<'_, str>);
key_attribute!(Number: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64);
key_attribute!(Binary: Vec<u8>, &[u8], Box<[u8]>);

/// The key type of the field `get` reads (used by [`table_item!`](crate::table_item)).
#[doc(hidden)]
pub fn key_type_of<I, T: KeyAttribute + ?Sized>(_get: fn(&I) -> &T) -> KeyType {
    T::KEY_TYPE
}

/// A Rust type stored as a table's items: its key attributes (and the other
/// attributes indexes are keyed on), so the table is declared from the type
/// the code reads and writes ([`Table::for_item`]) and the two cannot drift.
/// Implement it with [`table_item!`](crate::table_item), which takes names
/// and types from the struct's fields.
pub trait TableItem {
    /// The partition (hash) key.
    fn partition_key() -> KeyDef;
    /// The sort (range) key.
    /// Default: none.
    fn sort_key() -> Option<KeyDef> {
        None
    }
    /// Further attributes that indexes are keyed on.
    /// Default: none.
    fn attributes() -> Vec<KeyDef> {
        Vec::new()
    }
}

/// Implements [`TableItem`] for a struct from its fields: each named field
/// must exist and hold a string, number or bytes (checked by the compiler).
/// The attribute's name is the field's name, or the string after `as` (for
/// serde renames).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// struct Order { customer_id: String, order_id: String, status: String, total_cents: u64 }
/// stackwright::table_item!(Order {
///     partition_key: customer_id as "customerId",
///     sort_key: order_id as "orderId",
///     attributes: [status],
/// });
///
/// let table = Table::for_item::<Order>();
/// # let _ = table;
/// ```
#[macro_export]
macro_rules! table_item {
    ($item:ty { partition_key: $pk:ident $(as $pkn:literal)? $(, sort_key: $sk:ident $(as $skn:literal)?)? $(, attributes: [$($at:ident $(as $atn:literal)?),* $(,)?])? $(,)? }) => {
        impl $crate::dsl::table::TableItem for $item {
            fn partition_key() -> $crate::dsl::table::KeyDef {
                $crate::table_item!(@key $item, $pk $(, $pkn)?)
            }
            $(fn sort_key() -> ::core::option::Option<$crate::dsl::table::KeyDef> {
                ::core::option::Option::Some($crate::table_item!(@key $item, $sk $(, $skn)?))
            })?
            $(fn attributes() -> ::std::vec::Vec<$crate::dsl::table::KeyDef> {
                ::std::vec![$($crate::table_item!(@key $item, $at $(, $atn)?)),*]
            })?
        }
    };
    (@key $item:ty, $field:ident) => {
        $crate::table_item!(@key $item, $field, stringify!($field))
    };
    (@key $item:ty, $field:ident, $name:expr) => {
        $crate::dsl::table::KeyDef::new(
            $name,
            $crate::dsl::table::key_type_of(|i: &$item| &i.$field),
        )
    };
}

/// Type-state of a [`Table`] without a stream: it offers no stream ARN and
/// cannot feed a stream event.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStream;

/// Type-state of a [`Table`] with a stream (see [`Table::stream`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct WithStream;

/// What a table's stream records for each change (`StreamViewType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamView {
    /// Only the changed item's key attributes.
    KeysOnly,
    /// The item as it is after the change.
    NewImage,
    /// The item as it was before the change.
    OldImage,
    /// Both images.
    NewAndOldImages,
}

impl StreamView {
    /// DynamoDB's name for the view (`NEW_IMAGE`).
    pub fn name(self) -> &'static str {
        match self {
            StreamView::KeysOnly => "KEYS_ONLY",
            StreamView::NewImage => "NEW_IMAGE",
            StreamView::OldImage => "OLD_IMAGE",
            StreamView::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }
}

/// Which attributes an index copies from the table (`Projection`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    /// Every attribute (`ALL`).
    All,
    /// Only the table's and the index's keys (`KEYS_ONLY`).
    KeysOnly,
    /// The keys and the named attributes (`INCLUDE`, `NonKeyAttributes`).
    Include(Vec<&'static str>),
}

impl Projection {
    fn to_value(&self) -> Value {
        match self {
            Projection::All => json!({"ProjectionType": "ALL"}),
            Projection::KeysOnly => json!({"ProjectionType": "KEYS_ONLY"}),
            Projection::Include(attrs) => {
                json!({"NonKeyAttributes": attrs, "ProjectionType": "INCLUDE"})
            }
        }
    }
}

/// Provisioned read and write capacity, optionally auto-scaled by
/// Application Auto Scaling (target tracking on utilization).
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("a");
/// app.table(
///     "Orders",
///     Table::new("pk", KeyType::String)
///         .provisioned(Capacity::fixed(5, 5).scale_reads(5, 100).target_utilization(60.0)),
/// );
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("OrdersReadScalingTarget").is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Capacity {
    read: u64,
    write: u64,
    read_scaling: Option<(u64, u64)>,
    write_scaling: Option<(u64, u64)>,
    target: f64,
}

impl Capacity {
    /// `read` and `write` capacity units, fixed unless auto-scaled.
    pub fn fixed(read: u64, write: u64) -> Self {
        Capacity {
            read,
            write,
            read_scaling: None,
            write_scaling: None,
            target: 70.0,
        }
    }

    /// Scales read capacity between `min` and `max` units.
    /// Default: read capacity stays as given.
    pub fn scale_reads(mut self, min: u64, max: u64) -> Self {
        self.read_scaling = Some((min, max));
        self
    }

    /// Scales write capacity between `min` and `max` units.
    /// Default: write capacity stays as given.
    pub fn scale_writes(mut self, min: u64, max: u64) -> Self {
        self.write_scaling = Some((min, max));
        self
    }

    /// The utilization (percent, 10 to 90) the scaling policies keep.
    /// Default: 70.
    pub fn target_utilization(mut self, percent: f64) -> Self {
        self.target = percent;
        self
    }

    fn throughput(&self) -> Value {
        json!({"ReadCapacityUnits": self.read, "WriteCapacityUnits": self.write})
    }

    fn problems(&self, path: &str, at: &'static Location<'static>) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut p = |message: String| {
            out.push(Problem {
                path: path.to_string(),
                message,
                at: Some(at),
            })
        };
        if self.read == 0 || self.write == 0 {
            p("provisioned read and write capacity must be at least 1 unit each.".into());
        }
        for (what, units, scaling) in [
            ("read", self.read, self.read_scaling),
            ("write", self.write, self.write_scaling),
        ] {
            if let Some((min, max)) = scaling {
                if min == 0 || min > max {
                    p(format!("{what} scaling range {min}..{max} is empty or starts at 0; give 1 <= min <= max."));
                } else if !(min..=max).contains(&units) {
                    p(format!(
                        "{what} capacity {units} is outside its scaling range {min}..{max}."
                    ));
                }
            }
        }
        if (self.read_scaling.is_some() || self.write_scaling.is_some())
            && !(10.0..=90.0).contains(&self.target)
        {
            p(format!(
                "target utilization {}% is outside Application Auto Scaling's 10 to 90%.",
                self.target
            ));
        }
        out
    }
}

/// Server-side encryption of a table (`SSESpecification`).
#[derive(Debug, Clone, PartialEq)]
pub enum Encryption {
    /// A key AWS owns and manages for DynamoDB (no charge): `SSEEnabled: false`.
    AwsOwned,
    /// The AWS managed key `aws/dynamodb` in the account.
    AwsManaged,
    /// A customer managed KMS key: its ID, ARN or alias, as a literal or an
    /// expression (a key resource's `Ref` or ARN).
    CustomerKey(Value),
}

/// Storage class of a table (`TableClass`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableClass {
    /// `STANDARD`.
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`: cheaper storage, dearer requests.
    StandardInfrequentAccess,
}

impl TableClass {
    /// DynamoDB's name for the class (`STANDARD`).
    pub fn name(self) -> &'static str {
        match self {
            TableClass::Standard => "STANDARD",
            TableClass::StandardInfrequentAccess => "STANDARD_INFREQUENT_ACCESS",
        }
    }
}

/// A global secondary index: its own partition key (and optional sort key)
/// over the table's items. Key attributes are named; their types come from
/// the table's keys, [`Table::attribute`] or the item type.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let table = Table::new("orderId", KeyType::String)
///     .attribute("customerId", KeyType::String)
///     .gsi(GlobalIndex::new("byCustomer", "customerId").projection(Projection::KeysOnly));
/// # let _ = table;
/// ```
///
/// `C` records whether the index has capacity of its own
/// ([`InheritsCapacity`] or [`OwnCapacity`]); only a provisioned table takes
/// an index with its own capacity.
#[derive(Debug, Clone)]
pub struct GlobalIndex<C = InheritsCapacity> {
    name: &'static str,
    partition_key: &'static str,
    sort_key: Option<&'static str>,
    projection: Projection,
    capacity: Option<Capacity>,
    contributor_insights: bool,
    at: &'static Location<'static>,
    _capacity: PhantomData<C>,
}

/// Type-state of a [`GlobalIndex`] without capacity of its own: on a
/// provisioned table it takes the table's capacity and scaling.
#[derive(Debug, Clone, Copy, Default)]
pub struct InheritsCapacity;

/// Type-state of a [`GlobalIndex`] with its own capacity
/// ([`GlobalIndex::capacity`]): only a provisioned table takes it.
#[derive(Debug, Clone, Copy, Default)]
pub struct OwnCapacity;

/// Type-state of a [`Table`] billed per request (`PAY_PER_REQUEST`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OnDemand;

/// Type-state of a [`Table`] with provisioned capacity ([`Table::provisioned`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Provisioned;

/// Which indexes a table billed as `B` takes: an index with capacity of its
/// own only on a provisioned table.
#[diagnostic::on_unimplemented(
    message = "an index with its own capacity needs a provisioned table",
    label = "this index has `.capacity(…)`, but the table is billed on demand",
    note = "call `.provisioned(Capacity::…)` on the table before `.gsi(…)`, or drop the index's `.capacity(…)`: an on-demand table's indexes are billed on demand too"
)]
pub trait IndexCapacityFor<B> {}
impl IndexCapacityFor<OnDemand> for InheritsCapacity {}
impl IndexCapacityFor<Provisioned> for InheritsCapacity {}
impl IndexCapacityFor<Provisioned> for OwnCapacity {}

impl GlobalIndex<InheritsCapacity> {
    /// An index `name` keyed on the attribute `partition_key`.
    #[track_caller]
    pub fn new(
        name: impl Into<Cow<'static, str>>,
        partition_key: impl Into<Cow<'static, str>>,
    ) -> Self {
        GlobalIndex {
            name: intern(name),
            partition_key: intern(partition_key),
            sort_key: None,
            projection: Projection::All,
            capacity: None,
            contributor_insights: false,
            at: Location::caller(),
            _capacity: PhantomData,
        }
    }

    /// The index's own provisioned capacity (and scaling); only a
    /// provisioned table takes the index then.
    /// Default: the table's capacity and scaling.
    #[track_caller]
    pub fn capacity(self, capacity: Capacity) -> GlobalIndex<OwnCapacity> {
        GlobalIndex {
            name: self.name,
            partition_key: self.partition_key,
            sort_key: self.sort_key,
            projection: self.projection,
            capacity: Some(capacity),
            contributor_insights: self.contributor_insights,
            at: Location::caller(),
            _capacity: PhantomData,
        }
    }
}

impl<C> GlobalIndex<C> {
    /// The same index without its type-state, as the table keeps it.
    fn erase(self) -> GlobalIndex {
        GlobalIndex {
            name: self.name,
            partition_key: self.partition_key,
            sort_key: self.sort_key,
            projection: self.projection,
            capacity: self.capacity,
            contributor_insights: self.contributor_insights,
            at: self.at,
            _capacity: PhantomData,
        }
    }

    /// The index's sort key attribute.
    /// Default: none.
    pub fn sort_key(mut self, attribute: impl Into<Cow<'static, str>>) -> Self {
        self.sort_key = Some(intern(attribute));
        self
    }

    /// What the index copies from the table.
    /// Default: [`Projection::All`].
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// CloudWatch Contributor Insights for the index.
    /// Default: off.
    pub fn contributor_insights(mut self) -> Self {
        self.contributor_insights = true;
        self
    }
}

/// A local secondary index: the table's partition key with another sort key.
/// Only a table with a sort key can have one.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let table = Table::new("customerId", KeyType::String)
///     .sort_key("orderId", KeyType::String)
///     .attribute("placedAt", KeyType::Number)
///     .lsi(LocalIndex::new("byPlacedAt", "placedAt"));
/// # let _ = table;
/// ```
#[derive(Debug, Clone)]
pub struct LocalIndex {
    name: &'static str,
    sort_key: &'static str,
    projection: Projection,
    at: &'static Location<'static>,
}

impl LocalIndex {
    /// An index `name` sorting the table's partitions by `sort_key`.
    #[track_caller]
    pub fn new(name: impl Into<Cow<'static, str>>, sort_key: impl Into<Cow<'static, str>>) -> Self {
        LocalIndex {
            name: intern(name),
            sort_key: intern(sort_key),
            projection: Projection::All,
            at: Location::caller(),
        }
    }

    /// What the index copies from the table.
    /// Default: [`Projection::All`].
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }
}

/// Everything a [`Table`] declares, lowered in one place ([`App::table`]) so
/// attribute definitions are derived from the keys and checked together.
#[derive(Debug, Clone)]
struct Spec {
    partition_key: KeyDef,
    sort_key: Option<KeyDef>,
    /// Declared attribute types (keys first), for indexes to name.
    attributes: Vec<(KeyDef, &'static Location<'static>)>,
    gsis: Vec<GlobalIndex>,
    lsis: Vec<LocalIndex>,
    capacity: Option<(Capacity, &'static Location<'static>)>,
    on_demand_max: Option<(u64, u64, &'static Location<'static>)>,
    stream: Option<StreamView>,
    ttl: Option<&'static str>,
    pitr: bool,
    encryption: Option<Encryption>,
    deletion_protection: bool,
    contributor_insights: bool,
    class: Option<TableClass>,
    name: Option<(Value, &'static Location<'static>)>,
    tags: Vec<(String, Value)>,
}

/// A full DynamoDB table (`AWS::DynamoDB::Table`). A table is data, so its
/// `DeletionPolicy` and `UpdateReplacePolicy` are `Retain` unless set.
/// `S` records whether it has a stream ([`NoStream`] or [`WithStream`]), `B`
/// how it is billed ([`OnDemand`] or [`Provisioned`]); the handle
/// [`App::table`] returns keeps only `S`.
///
/// Attribute definitions are derived from the keys: each key attribute's type
/// is written once (in [`Table::new`], [`Table::sort_key`], [`Table::attribute`]
/// or the item type), and indexes name attributes.
///
/// ```
/// use stackwright::dsl::prelude::*;
///
/// let mut app = App::new("shop");
/// let orders = app.table(
///     "Orders",
///     Table::new("customerId", KeyType::String)
///         .sort_key("orderId", KeyType::String)
///         .attribute("status", KeyType::String)
///         .gsi(GlobalIndex::new("byStatus", "status").sort_key("orderId"))
///         .ttl("expiresAt")
///         .point_in_time_recovery()
///         .stream(StreamView::NewAndOldImages),
/// );
/// let t = app.synth(&Context::new("us-east-1")).unwrap();
/// assert!(t.resource("Orders").is_some());
/// # let _ = orders.stream_arn();
/// ```
#[derive(Debug, Clone)]
pub struct Table<S = NoStream, B = OnDemand> {
    pub(crate) parts: Parts,
    spec: Spec,
    _state: PhantomData<(S, B)>,
}

impl<S, B> ResourceBuilder for Table<S, B> {
    fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

impl Table<NoStream> {
    /// A table keyed by `partition_key` of type `key_type`, billed on demand.
    #[track_caller]
    pub fn new(partition_key: impl Into<Cow<'static, str>>, key_type: KeyType) -> Self {
        let pk = KeyDef::new(intern(partition_key), key_type);
        Table {
            parts: Parts::new(),
            spec: Spec {
                partition_key: pk,
                sort_key: None,
                attributes: vec![(pk, Location::caller())],
                gsis: Vec::new(),
                lsis: Vec::new(),
                capacity: None,
                on_demand_max: None,
                stream: None,
                ttl: None,
                pitr: false,
                encryption: None,
                deletion_protection: false,
                contributor_insights: false,
                class: None,
                name: None,
                tags: Vec::new(),
            },
            _state: PhantomData,
        }
    }

    /// A table for items of type `I`: its keys, and the attributes indexes
    /// may name, come from `I`'s [`TableItem`] implementation.
    #[track_caller]
    pub fn for_item<I: TableItem>() -> Self {
        let pk = I::partition_key();
        let mut t = Table::new(pk.name, pk.key_type);
        if let Some(sk) = I::sort_key() {
            t = t.sort_key(sk.name, sk.key_type);
        }
        for a in I::attributes() {
            t = t.attribute(a.name, a.key_type);
        }
        t
    }
}

impl<B> Table<NoStream, B> {
    /// Turns on the table's stream; only a table with a stream offers
    /// `stream_arn()` and feeds stream events.
    /// Default: no stream.
    pub fn stream(mut self, view: StreamView) -> Table<WithStream, B> {
        self.spec.stream = Some(view);
        Table {
            parts: self.parts,
            spec: self.spec,
            _state: PhantomData,
        }
    }
}

impl<S> Table<S, OnDemand> {
    /// Provisioned billing with this capacity (and, if it scales, Application
    /// Auto Scaling targets and target-tracking policies for the table and
    /// each index, using DynamoDB's service-linked scaling role). Indexes
    /// with capacity of their own are added after this.
    /// Default: on-demand billing (`PAY_PER_REQUEST`).
    #[track_caller]
    pub fn provisioned(mut self, capacity: Capacity) -> Table<S, Provisioned> {
        self.spec.capacity = Some((capacity, Location::caller()));
        Table {
            parts: self.parts,
            spec: self.spec,
            _state: PhantomData,
        }
    }

    /// Caps an on-demand table's request units per second (`OnDemandThroughput`).
    /// Default: no cap.
    #[track_caller]
    pub fn max_on_demand(mut self, read: u64, write: u64) -> Self {
        self.spec.on_demand_max = Some((read, write, Location::caller()));
        self
    }
}

impl<S, B> Table<S, B> {
    /// The sort (range) key: attribute `name` of type `key_type`.
    /// Default: none (items are keyed by the partition key alone).
    #[track_caller]
    pub fn sort_key(mut self, name: impl Into<Cow<'static, str>>, key_type: KeyType) -> Self {
        let sk = KeyDef::new(intern(name), key_type);
        self.spec.sort_key = Some(sk);
        self.spec.attributes.push((sk, Location::caller()));
        self
    }

    /// Declares the type of an attribute that indexes are keyed on. Only the
    /// attributes some key uses reach `AttributeDefinitions`.
    /// Default: only the table's keys are declared.
    #[track_caller]
    pub fn attribute(mut self, name: impl Into<Cow<'static, str>>, key_type: KeyType) -> Self {
        self.spec
            .attributes
            .push((KeyDef::new(intern(name), key_type), Location::caller()));
        self
    }

    /// Adds a global secondary index (at most 20). An index with capacity
    /// of its own needs a provisioned table.
    /// Default: no indexes.
    pub fn gsi<C: IndexCapacityFor<B>>(mut self, index: GlobalIndex<C>) -> Self {
        self.spec.gsis.push(index.erase());
        self
    }

    /// Adds a local secondary index (at most 5; the table needs a sort key).
    /// Default: no local indexes.
    pub fn lsi(mut self, index: LocalIndex) -> Self {
        self.spec.lsis.push(index);
        self
    }

    /// Expires items at the epoch-seconds time in `attribute` (`TimeToLiveSpecification`).
    /// Default: items never expire.
    pub fn ttl(mut self, attribute: impl Into<Cow<'static, str>>) -> Self {
        self.spec.ttl = Some(intern(attribute));
        self
    }

    /// Continuous backups with point-in-time recovery.
    /// Default: off.
    pub fn point_in_time_recovery(mut self) -> Self {
        self.spec.pitr = true;
        self
    }

    /// Server-side encryption key.
    /// Default: the AWS managed key under the `recommended` defaults
    /// (`Hardening::TableEncryption`); with SAM's, [`Encryption::AwsOwned`]
    /// (DynamoDB's default; nothing written).
    pub fn encryption(mut self, e: Encryption) -> Self {
        self.spec.encryption = Some(e);
        self
    }

    /// Refuses deletion of the table through the API (`DeletionProtectionEnabled`).
    /// Default: off (the stack's `DeletionPolicy: Retain` still keeps the data).
    pub fn deletion_protection(mut self) -> Self {
        self.spec.deletion_protection = true;
        self
    }

    /// CloudWatch Contributor Insights for the table.
    /// Default: off.
    pub fn contributor_insights(mut self) -> Self {
        self.spec.contributor_insights = true;
        self
    }

    /// Storage class.
    /// Default: DynamoDB's default (`STANDARD`; nothing written).
    pub fn table_class(mut self, class: TableClass) -> Self {
        self.spec.class = Some(class);
        self
    }

    /// Physical table name, 3 to 255 of `[a-zA-Z0-9_.-]` (checked when literal).
    /// Default: CloudFormation generates a unique name.
    #[track_caller]
    pub fn table_name(mut self, name: impl Into<Value>) -> Self {
        self.spec.name = Some((name.into(), Location::caller()));
        self
    }

    /// Adds a tag.
    /// Default: no tags.
    pub fn tag(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.spec.tags.push((key.to_string(), value.into()));
        self
    }
}

/// DynamoDB's rule for table and index names.
fn valid_name(name: &str) -> bool {
    (3..=255).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn problem(path: &str, at: &'static Location<'static>, message: String) -> Problem {
    Problem {
        path: path.to_string(),
        message,
        at: Some(at),
    }
}

/// A scaling target and policy to declare beside the table.
struct Scaling {
    id: String,
    resource_id: Value,
    dimension: String,
    metric: &'static str,
    min: u64,
    max: u64,
    target: f64,
}

impl Spec {
    /// The attribute's declared type, or a problem naming `user` (`index 'x'`).
    fn type_of(
        &self,
        name: &str,
        user: &str,
        path: &str,
        at: &'static Location<'static>,
        problems: &mut Vec<Problem>,
    ) -> Option<KeyDef> {
        match self.attributes.iter().find(|(a, _)| a.name == name) {
            Some((a, _)) => Some(*a),
            None => {
                problems.push(problem(
                    path,
                    at,
                    format!("{user} is keyed on '{name}', which is not a declared attribute; declare its type with .attribute(\"{name}\", KeyType::…) or in the item type."),
                ));
                None
            }
        }
    }

    /// Lowers to `AWS::DynamoDB::Table` properties (in CloudFormation's
    /// documented order), the scaling resources, and the problems found.
    fn lower(&self, parts: &mut Parts, id: &str) -> Vec<Scaling> {
        let mut problems = Vec::new();
        let mut used: Vec<KeyDef> = Vec::new();
        let mut use_attr = |k: KeyDef| {
            if !used.iter().any(|u| u.name == k.name) {
                used.push(k);
            }
        };
        // An attribute is typed once: two declarations must agree.
        for (i, (a, at)) in self.attributes.iter().enumerate() {
            if let Some((b, _)) = self.attributes[..i].iter().find(|(b, _)| b.name == a.name) {
                if b.key_type != a.key_type {
                    problems.push(problem(
                        "AttributeDefinitions",
                        at,
                        format!(
                            "attribute '{}' is declared as {} and as {}; an attribute has one type.",
                            a.name,
                            b.key_type.code(),
                            a.key_type.code()
                        ),
                    ));
                }
            }
        }
        let key_at = self.attributes[0].1;
        if self.sort_key.map(|s| s.name) == Some(self.partition_key.name) {
            problems.push(problem(
                "KeySchema",
                key_at,
                format!(
                    "'{}' is both the partition key and the sort key.",
                    self.partition_key.name
                ),
            ));
        }
        use_attr(self.partition_key);
        let mut key_schema =
            vec![json!({"AttributeName": self.partition_key.name, "KeyType": "HASH"})];
        if let Some(sk) = self.sort_key {
            use_attr(sk);
            key_schema.push(json!({"AttributeName": sk.name, "KeyType": "RANGE"}));
        }

        let table_cap = self.capacity.as_ref();
        if let Some((c, at)) = table_cap {
            problems.extend(c.problems("ProvisionedThroughput", at));
            if let Some((_, _, at)) = self.on_demand_max {
                problems.push(problem(
                    "OnDemandThroughput",
                    at,
                    "a provisioned table takes no on-demand maximum; drop .max_on_demand(…) or .provisioned(…).".into(),
                ));
            }
        }

        // Index names are unique across both kinds.
        let mut names: Vec<&str> = Vec::new();
        let mut check_index_name =
            |name: &'static str, path: &str, at, problems: &mut Vec<Problem>| {
                if !valid_name(name) {
                    problems.push(problem(path, at, format!("index name '{name}' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'.")));
                }
                if names.contains(&name) {
                    problems.push(problem(
                        path,
                        at,
                        format!("two indexes are named '{name}'."),
                    ));
                }
                names.push(name);
            };

        let mut scaling = Vec::new();
        let mut gsis = Vec::new();
        if self.gsis.len() > 20 {
            problems.push(problem(
                "GlobalSecondaryIndexes",
                self.gsis[20].at,
                format!(
                    "{} global secondary indexes declared; DynamoDB allows at most 20 per table.",
                    self.gsis.len()
                ),
            ));
        }
        for g in &self.gsis {
            let path = format!("GlobalSecondaryIndexes.{}", g.name);
            check_index_name(g.name, &path, g.at, &mut problems);
            let user = format!("index '{}'", g.name);
            let mut ks = Vec::new();
            if let Some(k) = self.type_of(g.partition_key, &user, &path, g.at, &mut problems) {
                use_attr(k);
                ks.push(json!({"AttributeName": k.name, "KeyType": "HASH"}));
            }
            if let Some(sk) = g.sort_key {
                if let Some(k) = self.type_of(sk, &user, &path, g.at, &mut problems) {
                    use_attr(k);
                    ks.push(json!({"AttributeName": k.name, "KeyType": "RANGE"}));
                }
            }
            let mut idx = serde_json::Map::new();
            idx.insert("IndexName".into(), g.name.into());
            idx.insert("KeySchema".into(), Value::Array(ks));
            idx.insert("Projection".into(), g.projection.to_value());
            if g.contributor_insights {
                idx.insert(
                    "ContributorInsightsSpecification".into(),
                    json!({"Enabled": true}),
                );
            }
            match (&g.capacity, table_cap) {
                (Some(_), None) => problems.push(problem(
                    &format!("{path}.ProvisionedThroughput"),
                    g.at,
                    format!("index '{}' sets provisioned capacity on an on-demand table; give the table .provisioned(…) or drop the index's .capacity(…).", g.name),
                )),
                (cap, Some((tc, _))) => {
                    let c = cap.as_ref().unwrap_or(tc);
                    if let Some(ic) = &g.capacity {
                        problems.extend(ic.problems(&format!("{path}.ProvisionedThroughput"), g.at));
                    }
                    idx.insert("ProvisionedThroughput".into(), c.throughput());
                    let suffix: String = g.name.chars().filter(char::is_ascii_alphanumeric).collect();
                    scaling.extend(scalings(
                        c,
                        &format!("{id}{suffix}Index"),
                        json!({"Fn::Sub": format!("table/${{{id}}}/index/{}", g.name)}),
                        "index",
                    ));
                }
                (None, None) => {}
            }
            gsis.push(Value::Object(idx));
        }

        let mut lsis = Vec::new();
        if self.lsis.len() > 5 {
            problems.push(problem(
                "LocalSecondaryIndexes",
                self.lsis[5].at,
                format!(
                    "{} local secondary indexes declared; DynamoDB allows at most 5 per table.",
                    self.lsis.len()
                ),
            ));
        }
        for l in &self.lsis {
            let path = format!("LocalSecondaryIndexes.{}", l.name);
            check_index_name(l.name, &path, l.at, &mut problems);
            if self.sort_key.is_none() {
                problems.push(problem(
                    &path,
                    l.at,
                    format!("local index '{}' needs a table with a sort key; give the table .sort_key(…) or make it a GlobalIndex.", l.name),
                ));
            }
            let user = format!("local index '{}'", l.name);
            let mut ks = vec![json!({"AttributeName": self.partition_key.name, "KeyType": "HASH"})];
            if let Some(k) = self.type_of(l.sort_key, &user, &path, l.at, &mut problems) {
                use_attr(k);
                ks.push(json!({"AttributeName": k.name, "KeyType": "RANGE"}));
            }
            lsis.push(json!({"IndexName": l.name, "KeySchema": ks, "Projection": l.projection.to_value()}));
        }

        if let Some((name, at)) = &self.name {
            if let Some(s) = name.as_str() {
                if !valid_name(s) {
                    problems.push(problem(
                        "TableName",
                        at,
                        format!("table name '{s}' must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'."),
                    ));
                }
            }
            parts.set("table_name", "TableName", name.clone());
        }
        let defs: Vec<Value> = used
            .iter()
            .map(|k| json!({"AttributeName": k.name, "AttributeType": k.key_type.code()}))
            .collect();
        parts.set("new", "AttributeDefinitions", defs);
        parts.set("new", "KeySchema", key_schema);
        match table_cap {
            Some((c, _)) => {
                parts.set("provisioned", "BillingMode", "PROVISIONED");
                parts.set("provisioned", "ProvisionedThroughput", c.throughput());
                scaling.splice(
                    0..0,
                    scalings(
                        c,
                        id,
                        json!({"Fn::Sub": format!("table/${{{id}}}")}),
                        "table",
                    ),
                );
            }
            None => parts.set("new", "BillingMode", "PAY_PER_REQUEST"),
        }
        if let Some((r, w, _)) = self.on_demand_max {
            parts.set(
                "max_on_demand",
                "OnDemandThroughput",
                json!({"MaxReadRequestUnits": r, "MaxWriteRequestUnits": w}),
            );
        }
        if !gsis.is_empty() {
            parts.set("gsi", "GlobalSecondaryIndexes", gsis);
        }
        if !lsis.is_empty() {
            parts.set("lsi", "LocalSecondaryIndexes", lsis);
        }
        if let Some(v) = self.stream {
            parts.set(
                "stream",
                "StreamSpecification",
                json!({"StreamViewType": v.name()}),
            );
        }
        if let Some(a) = self.ttl {
            parts.set(
                "ttl",
                "TimeToLiveSpecification",
                json!({"AttributeName": a, "Enabled": true}),
            );
        }
        if self.pitr {
            parts.set(
                "point_in_time_recovery",
                "PointInTimeRecoverySpecification",
                json!({"PointInTimeRecoveryEnabled": true}),
            );
        }
        match &self.encryption {
            None => {}
            // Written, not left out: an absent `SSESpecification` is filled
            // in by the `recommended` default (the AWS managed key).
            Some(Encryption::AwsOwned) => parts.set(
                "encryption",
                "SSESpecification",
                json!({"SSEEnabled": false}),
            ),
            Some(Encryption::AwsManaged) => parts.set(
                "encryption",
                "SSESpecification",
                json!({"SSEEnabled": true}),
            ),
            Some(Encryption::CustomerKey(k)) => parts.set(
                "encryption",
                "SSESpecification",
                json!({"KMSMasterKeyId": k, "SSEEnabled": true, "SSEType": "KMS"}),
            ),
        }
        if self.deletion_protection {
            parts.set("deletion_protection", "DeletionProtectionEnabled", true);
        }
        if self.contributor_insights {
            parts.set(
                "contributor_insights",
                "ContributorInsightsSpecification",
                json!({"Enabled": true}),
            );
        }
        if let Some(c) = self.class {
            parts.set("table_class", "TableClass", c.name());
        }
        if !self.tags.is_empty() {
            let tags: Vec<Value> = self
                .tags
                .iter()
                .map(|(k, v)| json!({"Key": k, "Value": v}))
                .collect();
            parts.set("tag", "Tags", tags);
        }
        for p in problems {
            parts.push_problem(p);
        }
        scaling
    }
}

/// The scaling targets and policies capacity `c` asks for, IDs prefixed `prefix`.
fn scalings(c: &Capacity, prefix: &str, resource_id: Value, level: &str) -> Vec<Scaling> {
    let mut out = Vec::new();
    for (what, range) in [("Read", c.read_scaling), ("Write", c.write_scaling)] {
        if let Some((min, max)) = range {
            out.push(Scaling {
                id: format!("{prefix}{what}Scaling"),
                resource_id: resource_id.clone(),
                dimension: format!("dynamodb:{level}:{what}CapacityUnits"),
                metric: if what == "Read" {
                    "DynamoDBReadCapacityUtilization"
                } else {
                    "DynamoDBWriteCapacityUtilization"
                },
                min,
                max,
                target: c.target,
            });
        }
    }
    out
}

/// The service-linked role Application Auto Scaling uses for DynamoDB
/// (created by AWS on first use; no role to declare).
const SCALING_ROLE: &str = "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable";

impl App {
    /// Declares a full DynamoDB table; returns its handle. A provisioned
    /// table with scaling also gets `<Id>…ScalingTarget` and
    /// `<Id>…ScalingPolicy` resources (Application Auto Scaling).
    #[track_caller]
    pub fn table<S, B>(
        &mut self,
        id: impl Into<Cow<'static, str>>,
        t: Table<S, B>,
    ) -> Ref<Table<S>> {
        let id = super::intern(id);
        let mut parts = t.parts;
        let scaling = t.spec.lower(&mut parts, id);
        for attr in ["DeletionPolicy", "UpdateReplacePolicy"] {
            if !parts.attributes().contains_key(attr) {
                parts.attr(attr, "Retain".into());
            }
        }
        let condition = parts.attributes().get("Condition").cloned();
        let handle = self.declare(id, "table", "AWS::DynamoDB::Table", parts);
        for s in scaling {
            let target_id = format!("{}Target", s.id);
            let mut target = Parts::new();
            target.set("provisioned", "MaxCapacity", s.max);
            target.set("provisioned", "MinCapacity", s.min);
            target.set("provisioned", "ResourceId", s.resource_id);
            target.set("provisioned", "RoleARN", json!({"Fn::Sub": SCALING_ROLE}));
            target.set("provisioned", "ScalableDimension", s.dimension);
            target.set("provisioned", "ServiceNamespace", "dynamodb");
            let mut policy = Parts::new();
            policy.set("provisioned", "PolicyName", format!("{}Policy", s.id));
            policy.set("provisioned", "PolicyType", "TargetTrackingScaling");
            policy.set("provisioned", "ScalingTargetId", json!({"Ref": target_id}));
            policy.set(
                "provisioned",
                "TargetTrackingScalingPolicyConfiguration",
                json!({
                    "PredefinedMetricSpecification": {"PredefinedMetricType": s.metric},
                    "TargetValue": s.target,
                }),
            );
            if let Some(c) = &condition {
                target.attr("Condition", c.clone());
                policy.attr("Condition", c.clone());
            }
            let _: Ref<()> = self.declare(
                target_id,
                "table scaling target",
                "AWS::ApplicationAutoScaling::ScalableTarget",
                target,
            );
            let _: Ref<()> = self.declare(
                format!("{}Policy", s.id),
                "table scaling policy",
                "AWS::ApplicationAutoScaling::ScalingPolicy",
                policy,
            );
        }
        handle
    }
}

impl<S> Ref<Table<S>> {
    /// The table's name (`Ref`).
    pub fn name(&self) -> Value {
        self.ref_()
    }

    /// The table's ARN (`Fn::GetAtt: [T, Arn]`).
    pub fn arn(&self) -> Value {
        self.get_att("Arn")
    }
}

impl Ref<Table<WithStream>> {
    /// The table's stream ARN (`Fn::GetAtt: [T, StreamArn]`).
    pub fn stream_arn(&self) -> Value {
        self.get_att("StreamArn")
    }
}
