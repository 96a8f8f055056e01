//! The journal: one SQLite file holding, for each row and vendor, the state of its call.
