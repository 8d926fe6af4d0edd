// An item type's keys are its fields: naming a field the struct lacks does not compile.
struct Order {
    order_id: String,
}

stackwright::table_item!(Order { partition_key: orderid });

fn main() {
    let _ = Order { order_id: String::new() }.order_id;
}
