// A key attribute must be a string, a number or bytes (DynamoDB's S, N, B):
// an item type keyed on a bool does not compile.
struct Flag {
    enabled: bool,
}

stackwright::table_item!(Flag { partition_key: enabled });

fn main() {
    let _ = Flag { enabled: true }.enabled;
}
