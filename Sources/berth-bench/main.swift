enum Bench {}
