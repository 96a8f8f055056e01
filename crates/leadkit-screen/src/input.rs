//! Reading a lead list: CSV or JSON Lines, columns mapped by name, one [`Lead`] per row,
//! streamed (a list of millions of rows is never held in memory), and the shard a row belongs
//! to.
