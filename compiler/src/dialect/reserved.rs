//! Reserved words of the built-in dialects.
//!
//! One merged, sorted table: each word carries a bit per word list, so an
//! identifier's membership in every list is found by one lookup when the
//! identifier is made (a hash of its integer key for a word of up to 16
//! bytes, a binary search among the longer ones). The lists are the ones SQLAlchemy 2.x
//! quotes by (see `docs/dialects.md`); Informix uses the default list.
/// A built-in reserved-word list, chosen by a dialect.
///
/// ```
/// use aludel_compiler::{prelude::*, dialect::{Postgres, Sqlite, WordList}};
/// assert!(WordList::Postgres.contains("user") && !WordList::Sqlite.contains("user"));
/// let t = MetaData::new().table("user").column(Column::new("id", Type::Integer)).build()?;
/// assert_eq!(select(t.c("id")).compile(&Postgres).unwrap().sql, r#"SELECT "user".id FROM "user""#);
/// assert_eq!(select(t.c("id")).compile(&Sqlite).unwrap().sql, "SELECT user.id FROM user");
/// # Ok::<(), aludel_compiler::SchemaError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordList {
    /// The generic SQL list.
    Default,
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// SQL Server.
    Mssql,
    /// Oracle.
    Oracle,
    /// Firebird 4.
    Firebird,
    /// Sybase ASE.
    Sybase,
}

impl WordList {
    pub(crate) fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// Whether `word` (lower case) is in this list.
    ///
    /// ```
    /// use aludel_compiler::dialect::WordList;
    /// assert!(WordList::Postgres.contains("user"));
    /// assert!(!WordList::Sqlite.contains("user"));
    /// ```
    pub fn contains(self, word: &str) -> bool {
        mask_of(word) & self.bit() != 0
    }
}

/// The bit mask of the lists `word` is reserved in (0 when in none).
pub(crate) fn mask_of(word: &str) -> u16 {
    let Some(&first) = word.as_bytes().first() else {
        return 0;
    };
    if word.len() > LONGEST {
        return 0;
    }
    if word.len() <= KEY_BYTES {
        // a short word is found by its integer key's hash: one or two
        // probes of an open-addressed index into `SHORT` (a binary search
        // among the words of the same first letter took about twice the
        // instructions: 143 a lookup against 76)
        let key = key_at_run(word.as_bytes());
        let mut slot = slot_of(key);
        loop {
            let Some(&(k, len, mask)) = SHORT_INDEX
                .get(slot)
                .and_then(|&i| SHORT.get(usize::from(i)))
            else {
                return 0;
            };
            // the same key and length: the same word (a NUL byte in `word`
            // pads like the key's zeros, the length tells them apart)
            if k == key && usize::from(len) == word.len() {
                return mask;
            }
            slot = (slot + 1) & (SHORT_SLOTS - 1);
        }
    }
    let (lo, hi) = BY_FIRST[usize::from(first)];
    let words = &WORDS[usize::from(lo)..usize::from(hi)];
    match words.binary_search_by(|(w, _)| (*w).cmp(word)) {
        Ok(i) => words[i].1,
        Err(_) => 0,
    }
}

/// How many bytes of a word its integer key holds.
const KEY_BYTES: usize = 16;

/// A word's integer key: its first 16 bytes big-endian, zero-padded, so
/// that keys order as the words do (no word holds a NUL byte). Built at
/// compile time for the word lists.
const fn key_of(word: &[u8]) -> u128 {
    let mut v = 0u128;
    let mut i = 0;
    while i < KEY_BYTES && i < word.len() {
        v |= (word[i] as u128) << (8 * (KEY_BYTES - 1 - i));
        i += 1;
    }
    v
}

/// [`key_of`] of a word of at most [`KEY_BYTES`] bytes, for a word looked
/// up: one copy instead of a loop over its bytes.
fn key_at_run(word: &[u8]) -> u128 {
    let mut buf = [0u8; KEY_BYTES];
    if let Some(head) = buf.get_mut(..word.len()) {
        head.copy_from_slice(word);
    }
    u128::from_be_bytes(buf)
}

/// How many words have at most [`KEY_BYTES`] bytes.
const SHORT_COUNT: usize = {
    let mut i = 0;
    let mut n = 0;
    while i < WORDS.len() {
        if WORDS[i].0.len() <= KEY_BYTES {
            n += 1;
        }
        i += 1;
    }
    n
};

/// The words of at most [`KEY_BYTES`] bytes as (key, length, mask), in the
/// order of `WORDS` (which is the order of their keys).
static SHORT: [(u128, u8, u16); SHORT_COUNT] = {
    let mut short = [(0u128, 0u8, 0u16); SHORT_COUNT];
    let (mut i, mut n) = (0, 0);
    while i < WORDS.len() {
        let word = WORDS[i].0.as_bytes();
        if word.len() <= KEY_BYTES {
            short[n] = (key_of(word), word.len() as u8, WORDS[i].1);
            n += 1;
        }
        i += 1;
    }
    short
};

/// How many slots [`SHORT_INDEX`] has: a power of two, at least twice
/// the short words, so that most lookups probe one or two slots.
const SHORT_SLOTS: usize = (2 * SHORT_COUNT).next_power_of_two();

/// A key's first slot in [`SHORT_INDEX`]: the key's two halves mixed and
/// multiplied, the top bits taken.
const fn slot_of(key: u128) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SHORT_SLOTS.trailing_zeros())) as usize
}

// every position in `SHORT` fits a `u16` below the empty slot's mark
const _: () = assert!(SHORT_COUNT < u16::MAX as usize);

/// An open-addressed index of `SHORT` by [`slot_of`] its key (linear
/// probing); an empty slot holds `u16::MAX`, which no position reaches.
static SHORT_INDEX: [u16; SHORT_SLOTS] = {
    let mut index = [u16::MAX; SHORT_SLOTS];
    let mut i = 0;
    while i < SHORT.len() {
        let mut slot = slot_of(SHORT[i].0);
        while index[slot] != u16::MAX {
            slot = (slot + 1) & (SHORT_SLOTS - 1);
        }
        index[slot] = i as u16;
        i += 1;
    }
    index
};

/// The length of the longest reserved word.
const LONGEST: usize = {
    let mut i = 0;
    let mut longest = 0;
    while i < WORDS.len() {
        if WORDS[i].0.len() > longest {
            longest = WORDS[i].0.len();
        }
        i += 1;
    }
    longest
};

/// For each first byte, the range of `WORDS` starting with it.
static BY_FIRST: [(u16, u16); 256] = {
    let mut index = [(0u16, 0u16); 256];
    let mut i = 0;
    while i < WORDS.len() {
        let b = WORDS[i].0.as_bytes()[0] as usize;
        if index[b].1 == 0 {
            index[b].0 = i as u16;
        }
        index[b].1 = i as u16 + 1;
        i += 1;
    }
    index
};

#[rustfmt::skip]
const WORDS: &[(&str, u16)] = &[
    ("accessible", 0x0018),
    ("add", 0x01ba),
    ("admin", 0x0088),
    ("after", 0x0002),
    ("all", 0x01ff),
    ("alter", 0x01fa),
    ("analyse", 0x0005),
    ("analyze", 0x001f),
    ("and", 0x01ff),
    ("any", 0x01e5),
    ("array", 0x000d),
    ("as", 0x01ff),
    ("asc", 0x017f),
    ("asensitive", 0x0018),
    ("asymmetric", 0x0005),
    ("at", 0x0080),
    ("attach", 0x0002),
    ("authorization", 0x0025),
    ("autoincrement", 0x0002),
    ("avg", 0x0080),
    ("backup", 0x0120),
    ("before", 0x001a),
    ("begin", 0x01a2),
    ("between", 0x01ff),
    ("bigint", 0x0198),
    ("binary", 0x019d),
    ("bit", 0x0100),
    ("bit_length", 0x0080),
    ("blob", 0x0098),
    ("body", 0x0010),
    ("boolean", 0x0080),
    ("both", 0x009d),
    ("bottom", 0x0100),
    ("break", 0x0120),
    ("browse", 0x0020),
    ("bulk", 0x0020),
    ("by", 0x01fa),
    ("call", 0x0118),
    ("capability", 0x0100),
    ("cascade", 0x013a),
    ("case", 0x01bf),
    ("cast", 0x0187),
    ("change", 0x0018),
    ("char", 0x01d8),
    ("char_convert", 0x0100),
    ("char_length", 0x0080),
    ("character", 0x0198),
    ("character_length", 0x0080),
    ("check", 0x01ff),
    ("checkpoint", 0x0120),
    ("close", 0x01a0),
    ("cluster", 0x0040),
    ("clustered", 0x0020),
    ("coalesce", 0x0020),
    ("collate", 0x00bf),
    ("column", 0x00bf),
    ("comment", 0x01c0),
    ("commit", 0x01a2),
    ("compress", 0x0040),
    ("compute", 0x0020),
    ("condition", 0x0018),
    ("conflict", 0x0002),
    ("connect", 0x01c0),
    ("constraint", 0x01bf),
    ("contains", 0x0120),
    ("containstable", 0x0020),
    ("continue", 0x0138),
    ("convert", 0x0138),
    ("corr", 0x0080),
    ("count", 0x0080),
    ("covar_pop", 0x0080),
    ("covar_samp", 0x0080),
    ("create", 0x01ff),
    ("cross", 0x01bf),
    ("cube", 0x0108),
    ("cume_dist", 0x0008),
    ("current", 0x01e0),
    ("current_catalog", 0x0004),
    ("current_connection", 0x0080),
    ("current_date", 0x00bf),
    ("current_role", 0x0095),
    ("current_schema", 0x0004),
    ("current_time", 0x00bf),
    ("current_timestamp", 0x01bf),
    ("current_transaction", 0x0080),
    ("current_user", 0x01bd),
    ("cursor", 0x01b8),
    ("database", 0x003a),
    ("databases", 0x0018),
    ("date", 0x01c0),
    ("day", 0x0080),
    ("day_hour", 0x0018),
    ("day_microsecond", 0x0018),
    ("day_minute", 0x0018),
    ("day_second", 0x0018),
    ("dbcc", 0x0020),
    ("dbspace", 0x0100),
    ("deallocate", 0x0120),
    ("dec", 0x0198),
    ("decfloat", 0x0080),
    ("decimal", 0x01d8),
    ("declare", 0x01b8),
    ("default", 0x01ff),
    ("deferrable", 0x0007),
    ("deferred", 0x0002),
    ("delayed", 0x0018),
    ("delete", 0x01fa),
    ("deleting", 0x0180),
    ("dense_rank", 0x0008),
    ("deny", 0x0020),
    ("desc", 0x017f),
    ("describe", 0x0018),
    ("detach", 0x0002),
    ("deterministic", 0x0098),
    ("disconnect", 0x0080),
    ("disk", 0x0020),
    ("distinct", 0x01ff),
    ("distinctrow", 0x0018),
    ("distributed", 0x0020),
    ("div", 0x0018),
    ("do", 0x0105),
    ("do_domain_ids", 0x0010),
    ("double", 0x01b8),
    ("drop", 0x01fa),
    ("dual", 0x0018),
    ("dump", 0x0020),
    ("dynamic", 0x0100),
    ("each", 0x001a),
    ("else", 0x01ff),
    ("elseif", 0x0118),
    ("elsif", 0x0010),
    ("empty", 0x0008),
    ("enclosed", 0x0018),
    ("encrypted", 0x0100),
    ("end", 0x01a7),
    ("endif", 0x0100),
    ("errlvl", 0x0020),
    ("escape", 0x01a2),
    ("escaped", 0x0018),
    ("except", 0x013f),
    ("exception", 0x0100),
    ("exclusive", 0x0042),
    ("exec", 0x0120),
    ("execute", 0x01a0),
    ("existing", 0x0100),
    ("exists", 0x01fa),
    ("exit", 0x0038),
    ("explain", 0x001a),
    ("external", 0x00a0),
    ("externlogin", 0x0100),
    ("extract", 0x0080),
    ("fail", 0x0002),
    ("false", 0x009f),
    ("fetch", 0x01bc),
    ("file", 0x0020),
    ("fillfactor", 0x0020),
    ("filter", 0x0080),
    ("first", 0x0100),
    ("first_value", 0x0008),
    ("float", 0x01d8),
    ("float4", 0x0018),
    ("float8", 0x0018),
    ("for", 0x01ff),
    ("force", 0x0118),
    ("foreign", 0x01bf),
    ("forward", 0x0100),
    ("freetext", 0x0020),
    ("freetexttable", 0x0020),
    ("freeze", 0x0005),
    ("from", 0x01ff),
    ("full", 0x01a7),
    ("fulltext", 0x0018),
    ("function", 0x00a8),
    ("gdscode", 0x0080),
    ("general", 0x0018),
    ("generated", 0x0008),
    ("get", 0x0008),
    ("get_master_public_key", 0x0008),
    ("glob", 0x0002),
    ("global", 0x0080),
    ("goto", 0x0130),
    ("grant", 0x01fd),
    ("group", 0x01ff),
    ("grouping", 0x0008),
    ("groups", 0x0008),
    ("having", 0x01ff),
    ("high_priority", 0x0018),
    ("history", 0x0010),
    ("holdlock", 0x0120),
    ("hour", 0x0080),
    ("hour_microsecond", 0x0018),
    ("hour_minute", 0x0018),
    ("hour_second", 0x0018),
    ("identified", 0x0140),
    ("identity", 0x0020),
    ("identity_insert", 0x0020),
    ("identitycol", 0x0020),
    ("if", 0x013a),
    ("ignore", 0x001a),
    ("ignore_domain_ids", 0x0010),
    ("ignore_server_ids", 0x0018),
    ("ilike", 0x0005),
    ("immediate", 0x0002),
    ("in", 0x01ff),
    ("index", 0x01fa),
    ("index_lparen", 0x0100),
    ("indexed", 0x0002),
    ("infile", 0x0018),
    ("initially", 0x0007),
    ("inner", 0x01bf),
    ("inout", 0x0118),
    ("insensitive", 0x0198),
    ("insert", 0x01fa),
    ("inserting", 0x0180),
    ("install", 0x0100),
    ("instead", 0x0102),
    ("int", 0x0198),
    ("int1", 0x0018),
    ("int128", 0x0080),
    ("int2", 0x0018),
    ("int3", 0x0018),
    ("int4", 0x0018),
    ("int8", 0x0018),
    ("integer", 0x01d8),
    ("integrated", 0x0100),
    ("intersect", 0x017f),
    ("interval", 0x0018),
    ("into", 0x01ff),
    ("io_after_gtids", 0x0008),
    ("io_before_gtids", 0x0008),
    ("iq", 0x0100),
    ("is", 0x01ff),
    ("isnull", 0x0007),
    ("isolation", 0x0100),
    ("iterate", 0x0018),
    ("join", 0x01bf),
    ("json_table", 0x0008),
    ("key", 0x013a),
    ("keys", 0x0018),
    ("kill", 0x0038),
    ("lag", 0x0008),
    ("last_value", 0x0008),
    ("lateral", 0x0188),
    ("lead", 0x0008),
    ("leading", 0x009d),
    ("leave", 0x0018),
    ("left", 0x01bf),
    ("level", 0x0040),
    ("like", 0x01ff),
    ("limit", 0x001f),
    ("linear", 0x0018),
    ("lineno", 0x0020),
    ("lines", 0x0018),
    ("load", 0x0038),
    ("local", 0x0080),
    ("localtime", 0x009d),
    ("localtimestamp", 0x009d),
    ("lock", 0x0158),
    ("login", 0x0100),
    ("long", 0x01d8),
    ("longblob", 0x0018),
    ("longtext", 0x0018),
    ("loop", 0x0018),
    ("low_priority", 0x0018),
    ("lower", 0x0080),
    ("master_bind", 0x0008),
    ("master_heartbeat_period", 0x0018),
    ("master_ssl_verify_server_cert", 0x0018),
    ("match", 0x011a),
    ("max", 0x0080),
    ("maxvalue", 0x0018),
    ("mediumblob", 0x0018),
    ("mediumint", 0x0018),
    ("mediumtext", 0x0018),
    ("member", 0x0008),
    ("membership", 0x0100),
    ("merge", 0x00a0),
    ("message", 0x0100),
    ("middleint", 0x0018),
    ("min", 0x0080),
    ("minus", 0x0040),
    ("minute", 0x0080),
    ("minute_microsecond", 0x0018),
    ("minute_second", 0x0018),
    ("mod", 0x0018),
    ("mode", 0x0140),
    ("modifies", 0x0018),
    ("modify", 0x0100),
    ("month", 0x0080),
    ("national", 0x00a0),
    ("natural", 0x019f),
    ("nchar", 0x0080),
    ("new", 0x0105),
    ("no", 0x0180),
    ("no_write_to_binlog", 0x0018),
    ("nocheck", 0x0020),
    ("nocompress", 0x0040),
    ("noholdlock", 0x0100),
    ("nonclustered", 0x0020),
    ("not", 0x01ff),
    ("notify", 0x0100),
    ("notnull", 0x0007),
    ("nowait", 0x0040),
    ("nth_value", 0x0008),
    ("ntile", 0x0008),
    ("null", 0x01ff),
    ("nullif", 0x0020),
    ("number", 0x0040),
    ("numeric", 0x0198),
    ("octet_length", 0x0080),
    ("of", 0x01ee),
    ("off", 0x0125),
    ("offset", 0x0097),
    ("offsets", 0x0020),
    ("old", 0x0005),
    ("on", 0x01ff),
    ("only", 0x0085),
    ("open", 0x01a0),
    ("opendatasource", 0x0020),
    ("openquery", 0x0020),
    ("openrowset", 0x0020),
    ("openxml", 0x0020),
    ("optimize", 0x0018),
    ("optimizer_costs", 0x0008),
    ("option", 0x0178),
    ("optionally", 0x0018),
    ("options", 0x0100),
    ("or", 0x01ff),
    ("order", 0x01ff),
    ("others", 0x0110),
    ("out", 0x0118),
    ("outer", 0x01bf),
    ("outfile", 0x0018),
    ("over", 0x01bc),
    ("overlaps", 0x0005),
    ("package", 0x0010),
    ("page_checksum", 0x0010),
    ("parallel", 0x0008),
    ("parameter", 0x0080),
    ("parse_gcol_expr", 0x0008),
    ("parse_vcol_expr", 0x0010),
    ("partition", 0x0018),
    ("passthrough", 0x0100),
    ("pctfree", 0x0040),
    ("percent", 0x0020),
    ("percent_rank", 0x0008),
    ("period", 0x0010),
    ("persist", 0x0008),
    ("persist_only", 0x0008),
    ("pivot", 0x0020),
    ("placing", 0x0005),
    ("plan", 0x00a2),
    ("position", 0x0090),
    ("post_event", 0x0080),
    ("pragma", 0x0002),
    ("precision", 0x01b8),
    ("prepare", 0x0100),
    ("primary", 0x01bf),
    ("print", 0x0120),
    ("prior", 0x0040),
    ("privileges", 0x0100),
    ("proc", 0x0120),
    ("procedure", 0x01b8),
    ("public", 0x0060),
    ("publication", 0x0180),
    ("purge", 0x0018),
    ("qualify", 0x0008),
    ("query", 0x0002),
    ("raise", 0x0012),
    ("raiserror", 0x0120),
    ("range", 0x0018),
    ("rank", 0x0008),
    ("raw", 0x0040),
    ("rdb$db_key", 0x0080),
    ("rdb$error", 0x0080),
    ("rdb$get_context", 0x0080),
    ("rdb$get_transaction_cn", 0x0080),
    ("rdb$record_version", 0x0080),
    ("rdb$role_in_use", 0x0080),
    ("rdb$set_context", 0x0080),
    ("rdb$system_privilege", 0x0080),
    ("read", 0x0038),
    ("read_write", 0x0018),
    ("reads", 0x0018),
    ("readtext", 0x0120),
    ("real", 0x0198),
    ("reconfigure", 0x0020),
    ("record_version", 0x0080),
    ("recreate", 0x0080),
    ("recursive", 0x0098),
    ("ref_system_id", 0x0010),
    ("reference", 0x0100),
    ("references", 0x01bf),
    ("regexp", 0x0018),
    ("regr_avgx", 0x0080),
    ("regr_avgy", 0x0080),
    ("regr_count", 0x0080),
    ("regr_intercept", 0x0080),
    ("regr_r2", 0x0080),
    ("regr_slope", 0x0080),
    ("regr_sxx", 0x0080),
    ("regr_sxy", 0x0080),
    ("regr_syy", 0x0080),
    ("reindex", 0x0002),
    ("release", 0x0198),
    ("remote", 0x0100),
    ("remove", 0x0100),
    ("rename", 0x015a),
    ("reorganize", 0x0100),
    ("repeat", 0x0018),
    ("replace", 0x001a),
    ("replication", 0x0020),
    ("require", 0x0018),
    ("resetting", 0x0080),
    ("resignal", 0x0018),
    ("resource", 0x0140),
    ("restore", 0x0120),
    ("restrict", 0x013a),
    ("return", 0x01b8),
    ("returning", 0x0014),
    ("returning_values", 0x0080),
    ("returns", 0x0080),
    ("revert", 0x0020),
    ("revoke", 0x01f8),
    ("right", 0x01bf),
    ("rlike", 0x0018),
    ("role", 0x0008),
    ("rollback", 0x01a2),
    ("rollup", 0x0100),
    ("row", 0x008a),
    ("row_count", 0x0080),
    ("row_number", 0x0018),
    ("rowcount", 0x0020),
    ("rowguidcol", 0x0020),
    ("rows", 0x0098),
    ("rowtype", 0x0010),
    ("rule", 0x0020),
    ("save", 0x0120),
    ("savepoint", 0x0180),
    ("schema", 0x0038),
    ("schemas", 0x0018),
    ("scroll", 0x0180),
    ("second", 0x0080),
    ("second_microsecond", 0x0018),
    ("securityaudit", 0x0020),
    ("select", 0x01ff),
    ("sensitive", 0x0198),
    ("separator", 0x0018),
    ("session", 0x0100),
    ("session_user", 0x0025),
    ("set", 0x01fb),
    ("setuser", 0x0120),
    ("share", 0x0140),
    ("show", 0x0018),
    ("shutdown", 0x0020),
    ("signal", 0x0018),
    ("similar", 0x0085),
    ("size", 0x0040),
    ("slow", 0x0018),
    ("smallint", 0x01d8),
    ("some", 0x01a5),
    ("spatial", 0x0018),
    ("specific", 0x0018),
    ("sql", 0x0018),
    ("sql_after_gtids", 0x0008),
    ("sql_before_gtids", 0x0008),
    ("sql_big_result", 0x0018),
    ("sql_calc_found_rows", 0x0018),
    ("sql_small_result", 0x0018),
    ("sqlcode", 0x0180),
    ("sqlexception", 0x0018),
    ("sqlstate", 0x0198),
    ("sqlwarning", 0x0018),
    ("ssl", 0x0018),
    ("start", 0x01c0),
    ("starting", 0x0018),
    ("statistics", 0x0020),
    ("stats_auto_recalc", 0x0010),
    ("stats_persistent", 0x0010),
    ("stats_sample_pages", 0x0010),
    ("stddev_pop", 0x0080),
    ("stddev_samp", 0x0080),
    ("stop", 0x0100),
    ("stored", 0x0008),
    ("straight_join", 0x0018),
    ("subtrans", 0x0100),
    ("subtransaction", 0x0100),
    ("sum", 0x0080),
    ("symmetric", 0x0005),
    ("synchronize", 0x0100),
    ("synonym", 0x0040),
    ("syntax_error", 0x0100),
    ("system", 0x0018),
    ("system_time", 0x0010),
    ("system_user", 0x0020),
    ("table", 0x01ff),
    ("tablesample", 0x0020),
    ("temp", 0x0002),
    ("temporary", 0x0102),
    ("terminated", 0x0018),
    ("textsize", 0x0020),
    ("then", 0x01ff),
    ("time", 0x0180),
    ("timestamp", 0x0180),
    ("timezone_hour", 0x0080),
    ("timezone_minute", 0x0080),
    ("tinyblob", 0x0018),
    ("tinyint", 0x0118),
    ("tinytext", 0x0018),
    ("to", 0x01ff),
    ("top", 0x0120),
    ("trailing", 0x009d),
    ("tran", 0x0120),
    ("transaction", 0x0022),
    ("trigger", 0x01fa),
    ("trim", 0x0080),
    ("true", 0x009f),
    ("truncate", 0x0120),
    ("tsequal", 0x0120),
    ("uid", 0x0040),
    ("unbounded", 0x0180),
    ("undo", 0x0018),
    ("union", 0x01ff),
    ("unique", 0x01ff),
    ("unknown", 0x0180),
    ("unlock", 0x0018),
    ("unpivot", 0x0020),
    ("unsigned", 0x0118),
    ("update", 0x01fa),
    ("updatetext", 0x0020),
    ("updating", 0x0180),
    ("upper", 0x0080),
    ("usage", 0x0018),
    ("use", 0x0038),
    ("user", 0x01e5),
    ("using", 0x019f),
    ("utc_date", 0x0018),
    ("utc_time", 0x0018),
    ("utc_timestamp", 0x0018),
    ("vacuum", 0x0002),
    ("validate", 0x0100),
    ("value", 0x0080),
    ("values", 0x01fa),
    ("var_pop", 0x0080),
    ("var_samp", 0x0080),
    ("varbinary", 0x0198),
    ("varchar", 0x01d8),
    ("varchar2", 0x0040),
    ("varcharacter", 0x0018),
    ("variable", 0x0180),
    ("variadic", 0x0004),
    ("varying", 0x01b8),
    ("verbose", 0x0005),
    ("versioning", 0x0010),
    ("view", 0x01e2),
    ("virtual", 0x000a),
    ("wait", 0x0100),
    ("waitfor", 0x0120),
    ("when", 0x01bf),
    ("where", 0x01ff),
    ("while", 0x01b8),
    ("window", 0x019c),
    ("with", 0x01fc),
    ("with_cube", 0x0100),
    ("with_lparen", 0x0100),
    ("with_rollup", 0x0100),
    ("within", 0x0100),
    ("without", 0x0090),
    ("work", 0x0100),
    ("write", 0x0018),
    ("writetext", 0x0120),
    ("xor", 0x0018),
    ("year", 0x0080),
    ("year_month", 0x0018),
    ("zerofill", 0x0018),
];

#[cfg(test)]
mod tests {
    use super::{KEY_BYTES, SHORT, WORDS, key_at_run, key_of, mask_of};

    #[test]
    fn every_word_is_found_by_its_key() {
        assert!(
            WORDS.windows(2).all(|w| w[0].0 < w[1].0),
            "WORDS must stay sorted"
        );
        assert!(
            SHORT.windows(2).all(|k| k[0].0 < k[1].0),
            "the integer keys order as the words do"
        );
        let short = WORDS.iter().filter(|(w, _)| w.len() <= KEY_BYTES);
        assert_eq!(short.clone().count(), SHORT.len());
        for ((word, mask), (key, len, m)) in short.zip(SHORT.iter()) {
            assert_eq!(
                (key_at_run(word.as_bytes()), usize::from(*len), *m),
                (*key, word.len(), *mask)
            );
            assert_eq!(key_of(word.as_bytes()), *key, "{word}");
        }
        for (word, mask) in WORDS {
            assert_eq!(mask_of(word), *mask, "{word}");
            assert_eq!(
                mask_of(&format!("{word}x")),
                mask_of_scan(&format!("{word}x"))
            );
        }
        let long = [
            "current_transform_group_for_type",
            "current_transform_group_for_typ",
        ];
        for miss in [
            "",
            "zzz",
            "users",
            "a",
            "selectx",
            "\u{e9}t\u{e9}",
            "as\0",
            long[0],
            long[1],
        ] {
            assert_eq!(mask_of(miss), mask_of_scan(miss), "{miss}");
        }
    }

    /// Anonymous labels (`count_1`, `anon_12`) skip the reserved-word
    /// lookup (`ident::numbered_flags`): that holds only while no reserved
    /// word ends in `_` followed by digits.
    #[test]
    fn no_reserved_word_looks_like_a_numbered_label() {
        for (word, _) in WORDS {
            let digits = word.bytes().rev().take_while(u8::is_ascii_digit).count();
            let numbered =
                digits > 0 && word.as_bytes().get(word.len() - digits - 1) == Some(&b'_');
            assert!(!numbered, "{word} would be written unquoted as a label");
        }
    }

    fn mask_of_scan(word: &str) -> u16 {
        WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map_or(0, |(_, m)| *m)
    }
}
