// The hot loops of `updoc logs`, compiled to WebAssembly by build.sh (clang --target=wasm32
// -msimd128). The JavaScript side (../wasm-scanner.ts) decides what to look for; this file only
// finds it in bytes, over one block of whole lines at a time:
//
//  - text mode: the lines that contain one of the prefilter anchors. A Teddy-style search (the SIMD
//    multi-literal algorithm of Hyperscan and ripgrep) tests 16 positions at once against 3-byte
//    fingerprints of the anchors grouped in 8 buckets; hits are verified with one 64-bit compare per
//    anchor of the bucket (ASCII letters compared case-insensitively). Newlines (and lines longer
//    than 64 KiB) are counted with SIMD compares, region by region between the hits.
//  - access mode: every line is located against a log_format-like template (literals and variables,
//    nginx's list values, an optional key=value tail), counted per upstream in a hash table, and
//    handed over when its status fields say it may have failed (a superset: JS decides exactly).
//    Lines that are not request records are handed over when they hold a keyword.
//  - for every line handed over: whether it is pure ASCII and, if so, which keywords it contains
//    (ASCII case-insensitive), so JS needs no keyword search of its own: from the anchors found in the
//    line when every keyword contains one of a few anchors (error logs), else with an Aho-Corasick
//    automaton.
//
// No libc: memory is static, the module exports its memory and never grows it (JS keeps Buffer
// views on it).

#include <stdint.h>
#include <wasm_simd128.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t i32;
typedef uint64_t u64;
typedef int64_t i64;

#define EXPORT(name) __attribute__((export_name(#name)))

enum {
  REGION_BYTES = 4u << 20, // = CHUNK_BYTES of line-assembler.ts
  SLACK = 64,              // SIMD loads may read this far past a region's end
  MAX_LINE = 65536,        // = MAX_LINE_BYTES
  MAX_ANCHORS = 512,
  MAX_KEYWORDS = 4096,
  KEYWORD_BYTES = 1 << 17,
  MAX_STATES = 16384,
  CLASS_BITS = 6,
  MAX_KEYWORDS_PER_LINE = 64,
  OUT_KEYWORDS = 1 << 16,
  BUCKETS = 8,
  OUT_RECORDS = 4096,
  RECORD_WORDS = 42, // kind, start, end, line index, flags, keyword start, keyword count, unused, 34 span words
  SPAN_WORDS = 34,   // = ACCESS_FIELDS.length * 2
  MAX_PARTS = 128,
  MAX_KEY_VALUES = 32,
  PROGRAM_BYTES = 8192,
  MAX_CLAUSES = 8,
  TALLY_SLOTS = 1 << 16,
  TALLY_MAX_KEYS = 20000,
  TALLY_ARENA = 1 << 21,
};

enum { KIND_TEXT = 1, KIND_ACCESS = 2 };
enum { FLAG_NON_ASCII = 1, FLAG_KEYWORD_OVERFLOW = 2 };
enum { TEST_NOT_DASH = 1, TEST_LIST_GATEWAY = 2, TEST_STATUS_GATEWAY = 3, TEST_ANY = 4, TEST_LIST_TOKEN = 5, TEST_NUMBER_EQUALS = 6 };

// ── memory shared with JS ─────────────────────────────────────────────────────────────────────────
static u8 input_region[REGION_BYTES + SLACK] __attribute__((aligned(16)));
static u8 scratch_region[REGION_BYTES + SLACK] __attribute__((aligned(16)));
static i32 out_records[OUT_RECORDS * RECORD_WORDS];
static i32 out_keywords[OUT_KEYWORDS];
static u8 keyword_bytes[KEYWORD_BYTES];
static i32 keyword_table[MAX_KEYWORDS];
// Written by JS before the configure_* calls.
static u8 anchor_bytes[MAX_ANCHORS * 8];
static u8 anchor_length[MAX_ANCHORS];
static i32 program[4 * MAX_PARTS + 3 * MAX_KEY_VALUES + 5 * MAX_CLAUSES + 16];
static u8 program_bytes[PROGRAM_BYTES];
// The per-block counters JS reads after each scan call.
static u32 counters[8];

EXPORT(input_region_ptr) u8 *input_region_ptr(void) { return input_region; }
EXPORT(scratch_region_ptr) u8 *scratch_region_ptr(void) { return scratch_region; }
EXPORT(region_bytes) u32 region_bytes(void) { return REGION_BYTES; }
EXPORT(out_records_ptr) i32 *out_records_ptr(void) { return out_records; }
EXPORT(out_keywords_ptr) i32 *out_keywords_ptr(void) { return out_keywords; }
EXPORT(keyword_bytes_ptr) u8 *keyword_bytes_ptr(void) { return keyword_bytes; }
EXPORT(keyword_table_ptr) i32 *keyword_table_ptr(void) { return keyword_table; }
EXPORT(anchor_bytes_ptr) u8 *anchor_bytes_ptr(void) { return anchor_bytes; }
EXPORT(anchor_length_ptr) u8 *anchor_length_ptr(void) { return anchor_length; }
EXPORT(program_ptr) i32 *program_ptr(void) { return program; }
EXPORT(program_bytes_ptr) u8 *program_bytes_ptr(void) { return program_bytes; }
EXPORT(counters_ptr) u32 *counters_ptr(void) { return counters; }

static inline u64 load64(u32 at) {
  u64 x;
  __builtin_memcpy(&x, (const void *)(uintptr_t)at, 8);
  return x;
}
static inline u8 byte_at(u32 at) { return *(const u8 *)(uintptr_t)at; }
static inline v128_t load128(u32 at) { return wasm_v128_load((const void *)(uintptr_t)at); }

static inline int is_letter(u8 c) { return (u8)((c | 0x20) - 'a') < 26; }

// ── anchors (Teddy) ───────────────────────────────────────────────────────────────────────────────
static u32 anchor_count;
static u64 anchor_value[MAX_ANCHORS];
static u64 anchor_fold[MAX_ANCHORS];
static u64 anchor_mask[MAX_ANCHORS];
static u32 anchor_len[MAX_ANCHORS];
static u16 bucket_start[BUCKETS + 1];
static u16 bucket_member[MAX_ANCHORS];
// Fingerprints of the first FINGERPRINT_BYTES bytes of each anchor (any byte past a shorter anchor's end).
enum { FINGERPRINT_BYTES = 3 };
static v128_t teddy_lo[FINGERPRINT_BYTES];
static v128_t teddy_hi[FINGERPRINT_BYTES];
// The bucket of each anchor. Shared with JS, which may give the buckets a previous tuning chose.
static u8 anchor_bucket[MAX_ANCHORS];
// Set when the buckets are the default ones and may be tuned on the first large text block.
static u32 buckets_pending;
static u32 text_scanned; // bytes of text blocks scanned since the anchors were configured

EXPORT(anchor_bucket_ptr) u8 *anchor_bucket_ptr(void) { return anchor_bucket; }
EXPORT(buckets_tuned) u32 buckets_tuned(void) { return anchor_count > 0 && !buckets_pending; }

/** The fingerprint tables and bucket lists of the current anchors and anchor_bucket. */
static void build_buckets(void) {
  u8 lo[FINGERPRINT_BYTES][16] = {{0}};
  u8 hi[FINGERPRINT_BYTES][16] = {{0}};
  for (u32 i = 0; i < anchor_count; i++) {
    const u8 *a = anchor_bytes + 8 * i;
    u32 len = anchor_len[i];
    u8 bit = (u8)(1u << anchor_bucket[i]);
    for (u32 k = 0; k < FINGERPRINT_BYTES; k++) {
      if (k >= len) {
        // Shorter than the fingerprint: any byte may follow.
        for (u32 x = 0; x < 16; x++) lo[k][x] |= bit, hi[k][x] |= bit;
        continue;
      }
      u8 c = a[k];
      lo[k][c & 15] |= bit;
      hi[k][c >> 4] |= bit;
      if (is_letter(c)) hi[k][(c ^ 0x20) >> 4] |= bit;
    }
  }
  u32 at = 0;
  for (u32 b = 0; b < BUCKETS; b++) {
    bucket_start[b] = (u16)at;
    for (u32 i = 0; i < anchor_count; i++)
      if (anchor_bucket[i] == b) bucket_member[at++] = (u16)i;
  }
  bucket_start[BUCKETS] = (u16)at;
  for (u32 k = 0; k < FINGERPRINT_BYTES; k++) {
    teddy_lo[k] = wasm_v128_load(lo[k]);
    teddy_hi[k] = wasm_v128_load(hi[k]);
  }
}

/**
 * Builds the search tables from anchor_bytes/anchor_length (anchors of 1 to 8 bytes, sorted by JS
 * so that similar fingerprints share a bucket). With `assigned`, anchor_bucket holds the buckets (a
 * tuning JS kept); else each anchor's bucket follows JS's order, to be tuned on the first large text
 * block. Returns 0 when n or a bucket is out of range.
 */
EXPORT(configure_anchors) int configure_anchors(u32 n, u32 assigned) {
  if (n > MAX_ANCHORS) return 0;
  anchor_count = 0;
  u32 buckets = n < BUCKETS ? n : BUCKETS;
  for (u32 i = 0; i < n; i++) {
    u32 len = anchor_length[i];
    if (len == 0 || len > 8) return 0;
    if (assigned && anchor_bucket[i] >= BUCKETS) return 0;
    const u8 *a = anchor_bytes + 8 * i;
    u64 value = 0, fold = 0;
    for (u32 k = 0; k < len; k++) {
      u8 c = a[k];
      if (is_letter(c)) {
        c |= 0x20;
        fold |= (u64)0x20 << (8 * k);
      }
      value |= (u64)c << (8 * k);
    }
    anchor_value[i] = value;
    anchor_fold[i] = fold;
    anchor_mask[i] = len == 8 ? ~(u64)0 : (((u64)1 << (8 * len)) - 1);
    anchor_len[i] = len;
    if (!assigned) anchor_bucket[i] = (u8)((i * buckets) / (n ? n : 1));
  }
  anchor_count = n;
  build_buckets();
  // With no more anchors than buckets, each has a bucket of its own: nothing to tune.
  buckets_pending = !assigned && n > BUCKETS;
  text_scanned = 0;
  return 1;
}

static inline v128_t fingerprint(v128_t v, v128_t lo, v128_t hi) {
  const v128_t nibble = wasm_i8x16_const_splat(0x0f);
  v128_t l = wasm_v128_and(v, nibble);
  v128_t h = wasm_v128_and(wasm_u16x8_shr(v, 4), nibble);
  return wasm_v128_and(wasm_i8x16_swizzle(lo, l), wasm_i8x16_swizzle(hi, h));
}

static inline v128_t candidates_at(u32 p) {
  v128_t r = fingerprint(load128(p), teddy_lo[0], teddy_hi[0]);
  r = wasm_v128_and(r, fingerprint(load128(p + 1), teddy_lo[1], teddy_hi[1]));
  return wasm_v128_and(r, fingerprint(load128(p + 2), teddy_lo[2], teddy_hi[2]));
}

/** Does an anchor of one of `buckets` start at q and end by `limit`? */
static int verify(u32 q, u32 buckets, u32 limit) {
  u64 x = load64(q);
  while (buckets) {
    u32 b = __builtin_ctz(buckets);
    buckets &= buckets - 1;
    for (u32 i = bucket_start[b]; i < bucket_start[b + 1]; i++) {
      u32 a = bucket_member[i];
      if (((x | anchor_fold[a]) & anchor_mask[a]) == anchor_value[a] && q + anchor_len[a] <= limit) return 1;
    }
  }
  return 0;
}

// Which anchors share a bucket decides how often a position matches a bucket's fingerprint although
// none of its anchors is there (each such lane costs a verification): on the benchmark's nginx error
// log (32 anchors), the sorted order's buckets cost 4.0 million verifications per 256 MiB for 133,000
// real hits; tuned, about none but the real ones. So once TUNE_AFTER bytes of text were scanned with the
// anchors, a bounded hill climb on a sample of the block at hand moves anchors between buckets (and
// swaps them) while the sample's fingerprint hits do not grow, and stops when only real hits are left.
// Only speed depends on it: each anchor is in exactly one bucket, whose tables hold its fingerprint,
// whatever the assignment. Tuning costs tens of ms at most, which small files never pay.
enum { TUNE_AFTER = 16u << 20, TUNE_SAMPLE = 64u << 10, TUNE_STEPS = 1000 };

/** Positions of [start, end) that match some bucket's fingerprint. */
static u32 fingerprint_hits(u32 start, u32 end) {
  u32 n = 0;
  for (u32 p = start; p + 16 <= end; p += 16)
    n += (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_ne(candidates_at(p), wasm_i8x16_const_splat(0))));
  return n;
}

static inline u32 next_random(u32 *state) {
  u32 x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

/** Positions of [start, end) where an anchor starts: the fingerprint hits no assignment avoids. */
static u32 anchor_starts(u32 start, u32 end) {
  u8 lanes[16] __attribute__((aligned(16)));
  u32 n = 0;
  for (u32 p = start; p + 16 <= end; p += 16) {
    v128_t r = candidates_at(p);
    wasm_v128_store(lanes, r);
    for (u32 bits = wasm_i8x16_bitmask(wasm_i8x16_ne(r, wasm_i8x16_const_splat(0))); bits; bits &= bits - 1)
      n += (u32)verify(p + __builtin_ctz(bits), lanes[__builtin_ctz(bits)], end);
  }
  return n;
}

/** Tunes the buckets on [start, start + TUNE_SAMPLE) (deterministic: a fixed seed), until no false hit is left. */
static void tune_buckets(u32 start) {
  buckets_pending = 0;
  u32 end = start + TUNE_SAMPLE;
  u32 best = fingerprint_hits(start, end);
  u32 floor = anchor_starts(start, end);
  u32 rng = 0x9e3779b9u;
  for (u32 step = 0; step < TUNE_STEPS && best > floor; step++) {
    u32 i = next_random(&rng) % anchor_count;
    u8 from = anchor_bucket[i];
    u8 to = (u8)(next_random(&rng) % BUCKETS);
    if (to == from) continue;
    // Half of the steps swap i with an anchor of the other bucket, so that a bucket is not left to grow.
    i32 j = -1;
    u32 members = (u32)(bucket_start[to + 1] - bucket_start[to]);
    if ((next_random(&rng) & 1) && members) j = bucket_member[bucket_start[to] + next_random(&rng) % members];
    anchor_bucket[i] = to;
    if (j >= 0) anchor_bucket[j] = from;
    build_buckets();
    u32 hits = fingerprint_hits(start, end);
    if (hits <= best) {
      best = hits;
      continue;
    }
    anchor_bucket[i] = from;
    if (j >= 0) anchor_bucket[j] = to;
    build_buckets();
  }
}

static u32 verify_lanes(u32 p, v128_t r, u32 limit) {
  u8 lanes[16] __attribute__((aligned(16)));
  wasm_v128_store(lanes, r);
  u32 bits = wasm_i8x16_bitmask(wasm_i8x16_ne(r, wasm_i8x16_const_splat(0)));
  while (bits) {
    u32 j = __builtin_ctz(bits);
    bits &= bits - 1;
    u32 q = p + j;
    if (q >= limit) return limit;
    if (verify(q, lanes[j], limit)) return q;
  }
  return 0;
}

// ── keywords (Aho–Corasick) ──────────────────────────────────────────────────────────────────────
// A dense DFA over byte classes (ASCII letters folded; bytes that occur in no keyword share class 0):
// one table load per byte finds every keyword at every position of a line.
static u32 keyword_count;
static u8 byte_class[256];
static u16 dfa[MAX_STATES << CLASS_BITS];
static u16 state_keyword[MAX_STATES];    // id + 1 of the keyword ending at the state, 0: none
static u16 state_output[MAX_STATES];     // first state on the failure chain (itself included) with a keyword, 0: none
static u16 state_dictionary[MAX_STATES]; // the next such state after it
static u16 state_failure[MAX_STATES];
static u16 state_depth[MAX_STATES];     // length of the keyword prefix the state stands for
static u16 bfs_queue[MAX_STATES];
static u32 keyword_seen[MAX_KEYWORDS];
static u32 keyword_stamp;
static u32 keyword_offset[MAX_KEYWORDS];

// Keywords from anchors: when every keyword contains one of the (few) prefilter anchors, a line's
// keywords are found by looking for the anchors in it (the Teddy search, small tables) and comparing the
// keywords that contain each anchor found, at the matching offset. Same keywords as the automaton, whose
// table (hundreds of KiB) is mostly out of cache by the next handed-over line: the search streams the
// lines in between through it.
enum { ANCHORED_MAX_ANCHORS = 64, MAX_ANCHORED_ENTRIES = 1 << 14 };
static u32 anchored_keywords; // 1: keywords_by_anchors is used
static u16 anchored_start[MAX_ANCHORS + 1];
static u16 anchored_id[MAX_ANCHORED_ENTRIES];
static u16 anchored_offset[MAX_ANCHORED_ENTRIES];
// The keyword's first (up to) 8 bytes as verify() compares anchors: one 64-bit test rejects most entries.
static u64 anchored_value[MAX_ANCHORED_ENTRIES], anchored_fold[MAX_ANCHORED_ENTRIES], anchored_mask[MAX_ANCHORED_ENTRIES];

/** Whether lines' keywords are found from their anchors (for tests: both searches must agree). */
EXPORT(keywords_from_anchors) u32 keywords_from_anchors(void) { return anchored_keywords; }

/** Lists, per anchor, the keywords (id, offset) containing it; enables the search only if every keyword has one. */
static void configure_anchored_keywords(u32 n) {
  static u8 covered[MAX_KEYWORDS];
  anchored_keywords = 0;
  if (anchor_count == 0 || anchor_count > ANCHORED_MAX_ANCHORS) return;
  for (u32 i = 0; i < n; i++) covered[i] = 0;
  u32 used = 0;
  for (u32 a = 0; a < anchor_count; a++) {
    anchored_start[a] = (u16)used;
    u32 alen = anchor_len[a];
    for (u32 i = 0; i < n; i++) {
      u32 len = (u32)keyword_table[i];
      const u8 *w = keyword_bytes + keyword_offset[i];
      for (u32 k = 0; k + alen <= len; k++) {
        u32 j = 0;
        while (j < alen && w[k + j] == (u8)(anchor_value[a] >> (8 * j))) j++;
        if (j < alen) continue;
        if (used == MAX_ANCHORED_ENTRIES || k > 0xffff) return;
        anchored_id[used] = (u16)i;
        anchored_offset[used] = (u16)k;
        u64 value = 0, fold = 0;
        u32 head = len < 8 ? len : 8;
        for (u32 h = 0; h < head; h++) {
          value |= (u64)w[h] << (8 * h);
          if (is_letter(w[h])) fold |= (u64)0x20 << (8 * h);
        }
        anchored_value[used] = value;
        anchored_fold[used] = fold;
        anchored_mask[used] = head == 8 ? ~(u64)0 : (((u64)1 << (8 * head)) - 1);
        used++;
        covered[i] = 1;
      }
    }
  }
  anchored_start[anchor_count] = (u16)used;
  for (u32 i = 0; i < n; i++)
    if (keyword_table[i] > 0 && !covered[i]) return;
  anchored_keywords = 1;
}

/**
 * Builds the automaton from keyword_bytes and the lengths in keyword_table[0..n) (lower-case ASCII;
 * JS gives length 0 to keywords with other bytes, which cannot occur in an ASCII line). Keyword ids
 * are their indexes. Returns 0 when the set is too large for the tables.
 */
EXPORT(configure_keywords) int configure_keywords(u32 n) {
  keyword_count = 0;
  if (n > MAX_KEYWORDS) return 0;
  u32 *offset = keyword_offset;
  u32 used = 0;
  for (u32 i = 0; i < n; i++) {
    offset[i] = used;
    used += (u32)keyword_table[i];
    if (used > KEYWORD_BYTES) return 0;
  }
  for (u32 c = 0; c < 256; c++) byte_class[c] = 0;
  u32 classes = 1;
  for (u32 i = 0; i < used; i++) {
    u8 c = keyword_bytes[i];
    if ((c >= 'A' && c <= 'Z') || c >= 0x80) return 0;
    if (byte_class[c]) continue;
    if (classes == (1u << CLASS_BITS)) return 0;
    byte_class[c] = (u8)classes++;
  }
  for (u32 c = 'A'; c <= 'Z'; c++) byte_class[c] = byte_class[c | 0x20];
  // The trie (goto function), built in the DFA table itself.
  u32 states = 1;
  for (u32 x = 0; x < (1u << CLASS_BITS); x++) dfa[x] = 0;
  state_keyword[0] = 0;
  state_depth[0] = 0;
  for (u32 i = 0; i < n; i++) {
    u32 len = (u32)keyword_table[i];
    const u8 *w = keyword_bytes + offset[i];
    u32 s = 0;
    for (u32 k = 0; k < len; k++) {
      u32 slot = (s << CLASS_BITS) | byte_class[w[k]];
      if (!dfa[slot]) {
        if (states == MAX_STATES) return 0;
        for (u32 x = 0; x < (1u << CLASS_BITS); x++) dfa[(states << CLASS_BITS) | x] = 0;
        state_keyword[states] = 0;
        state_depth[states] = (u16)(k + 1);
        dfa[slot] = (u16)states++;
      }
      s = dfa[slot];
    }
    if (len && !state_keyword[s]) state_keyword[s] = (u16)(i + 1);
  }
  // Failure links breadth-first; a missing transition takes the failure state's.
  u32 head = 0, tail = 0;
  state_output[0] = state_dictionary[0] = state_failure[0] = 0;
  for (u32 c = 1; c < classes; c++) {
    u32 s = dfa[c];
    if (s) {
      state_failure[s] = 0;
      bfs_queue[tail++] = (u16)s;
    }
  }
  while (head < tail) {
    u32 r = bfs_queue[head++];
    u32 f = state_failure[r];
    state_dictionary[r] = state_output[f];
    state_output[r] = state_keyword[r] ? (u16)r : state_dictionary[r];
    for (u32 c = 1; c < classes; c++) {
      u32 slot = (r << CLASS_BITS) | c;
      u32 s = dfa[slot];
      if (s) {
        state_failure[s] = dfa[(f << CLASS_BITS) | c];
        bfs_queue[tail++] = (u16)s;
      } else {
        dfa[slot] = dfa[(f << CLASS_BITS) | c];
      }
    }
  }
  for (u32 i = 0; i < n; i++) keyword_seen[i] = 0;
  keyword_stamp = 0;
  keyword_count = n;
  configure_anchored_keywords(n);
  return 1;
}

static u32 out_keyword_used;

static inline int report_keywords(u32 s, i32 *found) {
  for (u32 t = state_output[s]; t; t = state_dictionary[t]) {
    u32 id = state_keyword[t] - 1u;
    if (keyword_seen[id] == keyword_stamp) continue;
    keyword_seen[id] = keyword_stamp;
    if (*found == MAX_KEYWORDS_PER_LINE) return 0;
    out_keywords[out_keyword_used + (u32)(*found)++] = (i32)id;
  }
  return 1;
}

/**
 * Appends the ids of the keywords in [start, limit) to out_keywords (each once); returns how many,
 * or -1 past MAX_KEYWORDS_PER_LINE. The automaton is a chain of dependent table loads, one per byte:
 * a line is cut in four parts run through it side by side, four independent chains. A part's chain
 * goes on past its end while its state is a partial match that began inside the part (its depth is
 * more than the bytes read past the end); a match that begins after the end is the next part's.
 */
static i32 keywords_in(u32 start, u32 limit) {
  if (++keyword_stamp == 0) {
    for (u32 k = 0; k < keyword_count; k++) keyword_seen[k] = 0;
    keyword_stamp = 1;
  }
  i32 found = 0;
  u32 len = limit - start;
  enum { STREAMS = 4 };
  u32 streams = len >= 64 ? STREAMS : 1;
  u32 part = len / streams;
  u32 s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  u32 p0 = start, p1 = start + part, p2 = start + 2 * part, p3 = start + 3 * part;
  if (streams == STREAMS) {
    for (u32 i = 0; i < part; i++) {
      s0 = dfa[(s0 << CLASS_BITS) | byte_class[byte_at(p0 + i)]];
      s1 = dfa[(s1 << CLASS_BITS) | byte_class[byte_at(p1 + i)]];
      s2 = dfa[(s2 << CLASS_BITS) | byte_class[byte_at(p2 + i)]];
      s3 = dfa[(s3 << CLASS_BITS) | byte_class[byte_at(p3 + i)]];
      if (state_output[s0] | state_output[s1] | state_output[s2] | state_output[s3]) {
        if ((state_output[s0] && !report_keywords(s0, &found)) || (state_output[s1] && !report_keywords(s1, &found)) ||
            (state_output[s2] && !report_keywords(s2, &found)) || (state_output[s3] && !report_keywords(s3, &found)))
          return -1;
      }
    }
  }
  u32 state[STREAMS] = {s0, s1, s2, s3};
  for (u32 k = 0; k < streams; k++) {
    u32 st = state[k];
    u32 end = k + 1 == streams ? limit : start + (k + 1) * part;
    u32 q = streams == STREAMS ? start + k * part + part : start;
    // The last part's own tail, then (for the others) the overrun.
    for (; q < limit; q++) {
      if (q >= end && state_depth[st] <= q - end) break;
      st = dfa[(st << CLASS_BITS) | byte_class[byte_at(q)]];
      if (state_output[st] && !report_keywords(st, &found)) return -1;
    }
  }
  return found;
}

/** keywords_in with the anchors (see configure_anchored_keywords): the same ids, maybe in another order. */
static i32 keywords_by_anchors(u32 start, u32 from, u32 limit) {
  if (++keyword_stamp == 0) {
    for (u32 k = 0; k < keyword_count; k++) keyword_seen[k] = 0;
    keyword_stamp = 1;
  }
  i32 found = 0;
  u8 lanes[16] __attribute__((aligned(16)));
  for (u32 p = from; p < limit; p += 16) {
    v128_t r = candidates_at(p);
    if (!wasm_v128_any_true(r)) continue;
    wasm_v128_store(lanes, r);
    u32 bits = wasm_i8x16_bitmask(wasm_i8x16_ne(r, wasm_i8x16_const_splat(0)));
    while (bits) {
      u32 q = p + __builtin_ctz(bits);
      u32 buckets = lanes[__builtin_ctz(bits)];
      bits &= bits - 1;
      if (q >= limit) break;
      u64 x = load64(q);
      while (buckets) {
        u32 b = __builtin_ctz(buckets);
        buckets &= buckets - 1;
        for (u32 m = bucket_start[b]; m < bucket_start[b + 1]; m++) {
          u32 a = bucket_member[m];
          if (((x | anchor_fold[a]) & anchor_mask[a]) != anchor_value[a] || q + anchor_len[a] > limit) continue;
          for (u32 e = anchored_start[a]; e < anchored_start[a + 1]; e++) {
            u32 id = anchored_id[e];
            u32 off = anchored_offset[e];
            if (keyword_seen[id] == keyword_stamp || q - start < off) continue;
            u32 s = q - off;
            u32 len = (u32)keyword_table[id];
            if (s + len > limit || ((load64(s) | anchored_fold[e]) & anchored_mask[e]) != anchored_value[e]) continue;
            const u8 *w = keyword_bytes + keyword_offset[id];
            u32 j = 0;
            for (; j < len; j++) {
              u8 c = byte_at(s + j);
              if ((u8)(c - 'A') < 26) c |= 0x20;
              if (c != w[j]) break;
            }
            if (j < len) continue;
            keyword_seen[id] = keyword_stamp;
            if (found == MAX_KEYWORDS_PER_LINE) return -1;
            out_keywords[out_keyword_used + (u32)found++] = (i32)id;
          }
        }
      }
    }
  }
  return found;
}

static int is_ascii(u32 start, u32 end) {
  u32 p = start;
  v128_t acc = wasm_i8x16_const_splat(0);
  for (; p + 16 <= end; p += 16) acc = wasm_v128_or(acc, load128(p));
  if (wasm_i8x16_bitmask(acc)) return 0;
  for (; p < end; p++)
    if (byte_at(p) & 0x80) return 0;
  return 1;
}

// ── lines ─────────────────────────────────────────────────────────────────────────────────────────
static u32 block_base; // the region start (JS's buffer offset 0)
static u32 block_end;
static u32 block_first; // the first line of the block
static u32 scan_pos;
static u32 counted_to; // newlines are counted in [block start, counted_to)
static u32 line_start; // start of the line containing counted_to
static u32 newlines;
static u32 long_lines;
static u32 access_lines;
static u32 nul_bytes;
static u32 out_used;

// Every byte of a block goes through exactly one of count_newlines and find_newline, which also count
// its NUL bytes (a file truncated under its writer has runs of them; JS would need a pass of its own).

/**
 * The first position in [p, limit) where an anchor starts (and ends by `limit`), or `limit` (text mode). The newlines
 * (and NUL bytes, long lines) of each 32-byte step that holds no anchor are counted from the vectors the search
 * loaded anyway, so most of a block is read once, not once to search and once to count: it starts at counted_to
 * (= scan_pos) and leaves counted_to at the start of the step where it stopped, for count_newlines to finish up to
 * the hit.
 */
static u32 find_anchor_counting(u32 p, u32 limit) {
  if (anchor_count == 0) return limit;
  const v128_t nl = wasm_i8x16_const_splat('\n');
  const v128_t zero = wasm_i8x16_const_splat(0);
  while (p + 32 <= limit) {
    v128_t r0 = candidates_at(p);
    v128_t r1 = candidates_at(p + 16);
    if (wasm_v128_any_true(wasm_v128_or(r0, r1))) {
      u32 q = wasm_v128_any_true(r0) ? verify_lanes(p, r0, limit) : 0;
      if (!q && wasm_v128_any_true(r1)) q = verify_lanes(p + 16, r1, limit);
      if (q) {
        counted_to = p;
        return q;
      }
    }
    v128_t a = load128(p), b = load128(p + 16);
    u32 m = (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(a, nl)) | (u32)wasm_i8x16_bitmask(wasm_i8x16_eq(b, nl)) << 16;
    if (wasm_v128_any_true(wasm_v128_or(wasm_i8x16_eq(a, zero), wasm_i8x16_eq(b, zero))))
      nul_bytes += (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(a, zero))) + (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(b, zero)));
    if (m) {
      newlines += (u32)__builtin_popcount(m);
      // Only the first newline of 32 bytes can end a line longer than MAX_LINE.
      if (p + __builtin_ctz(m) - line_start > MAX_LINE) long_lines++;
      line_start = p + 32 - __builtin_clz(m);
    }
    p += 32;
  }
  counted_to = p;
  while (p < limit) {
    v128_t r = candidates_at(p);
    if (wasm_v128_any_true(r)) {
      u32 q = verify_lanes(p, r, limit);
      if (q) return q;
    }
    p += 16;
  }
  return limit;
}

/** Counts newlines in [p, end), keeping line_start and the count of lines over MAX_LINE bytes. */
static u32 count_newlines(u32 p, u32 end) {
  const v128_t nl = wasm_i8x16_const_splat('\n');
  const v128_t zero = wasm_i8x16_const_splat(0);
  u32 n = 0;
  while (p + 64 <= end) {
    v128_t a = load128(p), b = load128(p + 16), c = load128(p + 32), d = load128(p + 48);
    u64 m = (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(a, nl)) | (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(b, nl)) << 16 |
            (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(c, nl)) << 32 | (u64)wasm_i8x16_bitmask(wasm_i8x16_eq(d, nl)) << 48;
    v128_t z = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(a, zero), wasm_i8x16_eq(b, zero)), wasm_v128_or(wasm_i8x16_eq(c, zero), wasm_i8x16_eq(d, zero)));
    if (wasm_v128_any_true(z))
      nul_bytes += (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(a, zero))) + (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(b, zero))) +
                   (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(c, zero))) + (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(d, zero)));
    if (m) {
      n += __builtin_popcountll(m);
      // Only the first newline of 64 bytes can end a line longer than MAX_LINE.
      if (p + __builtin_ctzll(m) - line_start > MAX_LINE) long_lines++;
      line_start = p + 64 - __builtin_clzll(m);
    }
    p += 64;
  }
  while (p < end) {
    v128_t v = load128(p);
    u32 m = wasm_i8x16_bitmask(wasm_i8x16_eq(v, nl));
    u32 z = wasm_i8x16_bitmask(wasm_i8x16_eq(v, zero));
    if (end - p < 16) {
      m &= (1u << (end - p)) - 1;
      z &= (1u << (end - p)) - 1;
    }
    nul_bytes += (u32)__builtin_popcount(z);
    if (m) {
      n += __builtin_popcount(m);
      if (p + __builtin_ctz(m) - line_start > MAX_LINE) long_lines++;
      line_start = p + 32 - __builtin_clz(m);
    }
    p += 16;
  }
  return n;
}

/** The first newline in [p, end), or end (counting the NUL bytes before it). */
static u32 find_newline(u32 p, u32 end) {
  const v128_t nl = wasm_i8x16_const_splat('\n');
  const v128_t zero = wasm_i8x16_const_splat(0);
  while (p < end) {
    v128_t v = load128(p);
    u32 m = wasm_i8x16_bitmask(wasm_i8x16_eq(v, nl));
    u32 z = wasm_i8x16_bitmask(wasm_i8x16_eq(v, zero));
    u32 inside = end - p < 16 ? end - p : 16;
    if (m) {
      u32 k = (u32)__builtin_ctz(m);
      if (k < inside) inside = k;
    }
    if (z) nul_bytes += (u32)__builtin_popcount(z & ((1u << inside) - 1));
    if (m) {
      u32 q = p + __builtin_ctz(m);
      return q < end ? q : end;
    }
    p += 16;
  }
  return end;
}

/**
 * Starts a block of whole lines [start, end) inside a region whose first byte is `base`. The scan
 * calls then continue where the previous one stopped (the output holds OUT_RECORDS records).
 */
EXPORT(begin_block) void begin_block(u32 base, u32 start, u32 end) {
  block_base = base;
  block_end = end;
  block_first = start;
  scan_pos = start;
  counted_to = start;
  line_start = start;
  newlines = 0;
  long_lines = 0;
  access_lines = 0;
  nul_bytes = 0;
}

static void publish(void) {
  counters[0] = scan_pos;
  counters[1] = newlines;
  counters[2] = long_lines;
  counters[3] = access_lines;
  counters[4] = nul_bytes;
}

/**
 * Writes a record for the line [start, end). `first_anchor`: where the line's first anchor starts when the search
 * that found the line says so (none starts in [start, first_anchor)), else `start`: the keywords found from the anchors
 * are looked for from there (each keyword holds an anchor; one that starts before it is still read back from it).
 */
static i32 *emit(u32 kind, u32 start, u32 end, u32 line_index, u32 first_anchor) {
  i32 *r = out_records + out_used * RECORD_WORDS;
  out_used++;
  r[0] = (i32)kind;
  r[1] = (i32)start;
  r[2] = (i32)end;
  r[3] = (i32)line_index;
  r[5] = (i32)out_keyword_used;
  r[6] = 0;
  r[7] = 0;
  if (!is_ascii(start, end)) {
    r[4] = FLAG_NON_ASCII;
    return r;
  }
  i32 n = anchored_keywords ? keywords_by_anchors(start, first_anchor, end) : keywords_in(start, end);
  if (n < 0) {
    r[4] = FLAG_KEYWORD_OVERFLOW;
    return r;
  }
  r[4] = 0;
  r[6] = n;
  out_keyword_used += (u32)n;
  return r;
}

static inline int output_full(void) { return out_used == OUT_RECORDS || out_keyword_used + MAX_KEYWORDS_PER_LINE > OUT_KEYWORDS; }

/** Text mode: hands over the lines with an anchor. Returns the number of records written. */
EXPORT(scan_text) u32 scan_text(void) {
  out_used = 0;
  out_keyword_used = 0;
  if (buckets_pending && scan_pos == block_first) {
    text_scanned += block_end - scan_pos;
    if (text_scanned >= TUNE_AFTER && block_end - scan_pos >= TUNE_SAMPLE) tune_buckets(scan_pos);
  }
  while (scan_pos < block_end && !output_full()) {
    u32 hit = find_anchor_counting(scan_pos, block_end);
    if (hit >= block_end) {
      newlines += count_newlines(counted_to, block_end);
      counted_to = scan_pos = block_end;
      break;
    }
    newlines += count_newlines(counted_to, hit);
    u32 ls = line_start;
    u32 le = find_newline(hit, block_end);
    u32 e = le > ls && byte_at(le - 1) == '\r' ? le - 1 : le;
    if (e - ls > MAX_LINE) e = ls + MAX_LINE;
    // The search began at or before this line's start: no anchor starts before `hit` in it.
    emit(KIND_TEXT, ls, e, newlines, hit);
    if (le < block_end) {
      if (le - ls > MAX_LINE) long_lines++;
      newlines++;
      counted_to = scan_pos = line_start = le + 1;
    } else {
      counted_to = scan_pos = block_end;
    }
  }
  publish();
  return out_used;
}

// ── access mode: templates ────────────────────────────────────────────────────────────────────────
// program layout (set by JS, read by configure_program):
//   [0] parts, then 4 words per part: literal offset, literal length (0: a variable), span slot (-1: not read), list flag
//   then key=value count, 3 words each: key offset, key length, slot
//   then the status slot that must be present (-1: none), clause count, 5 words each: test, slot, two
//   arguments (TEST_LIST_TOKEN: offset and length of the comma-separated tokens; TEST_NUMBER_EQUALS: the
//   number), and 1 when the clause is AND-ed with the next one (clauses are a disjunction of such groups)
//   then the peers slot and the pool slot (-1: none)
static u32 part_count;
static u32 part_offset[MAX_PARTS], part_length[MAX_PARTS], part_list[MAX_PARTS];
static i32 part_slot[MAX_PARTS];
static u32 kv_count;
static u32 kv_offset[MAX_KEY_VALUES], kv_length[MAX_KEY_VALUES];
static i32 kv_slot[MAX_KEY_VALUES];
static i32 required_slot;
static u32 clause_count;
static u32 clause_test[MAX_CLAUSES];
static i32 clause_slot[MAX_CLAUSES];
static i32 clause_arg[MAX_CLAUSES], clause_arg2[MAX_CLAUSES];
static u32 clause_and_next[MAX_CLAUSES];
static i32 peers_slot, pool_slot;

EXPORT(configure_program) int configure_program(void) {
  u32 w = 0;
  part_count = (u32)program[w++];
  if (part_count > MAX_PARTS) return 0;
  for (u32 k = 0; k < part_count; k++) {
    part_offset[k] = (u32)program[w++];
    part_length[k] = (u32)program[w++];
    part_slot[k] = program[w++];
    part_list[k] = (u32)program[w++];
    if (part_offset[k] + part_length[k] > PROGRAM_BYTES || part_slot[k] >= SPAN_WORDS) return 0;
  }
  kv_count = (u32)program[w++];
  if (kv_count > MAX_KEY_VALUES) return 0;
  for (u32 k = 0; k < kv_count; k++) {
    kv_offset[k] = (u32)program[w++];
    kv_length[k] = (u32)program[w++];
    kv_slot[k] = program[w++];
    if (kv_offset[k] + kv_length[k] > PROGRAM_BYTES || kv_length[k] == 0 || kv_slot[k] < 0 || kv_slot[k] >= SPAN_WORDS) return 0;
  }
  required_slot = program[w++];
  clause_count = (u32)program[w++];
  if (clause_count > MAX_CLAUSES) return 0;
  for (u32 k = 0; k < clause_count; k++) {
    clause_test[k] = (u32)program[w++];
    clause_slot[k] = program[w++];
    clause_arg[k] = program[w++];
    clause_arg2[k] = program[w++];
    clause_and_next[k] = (u32)program[w++];
    if (clause_slot[k] >= SPAN_WORDS || (clause_and_next[k] && k + 1 == clause_count)) return 0;
    if (clause_test[k] == TEST_LIST_TOKEN && (clause_arg[k] < 0 || clause_arg2[k] <= 0 || (u32)clause_arg[k] + (u32)clause_arg2[k] > PROGRAM_BYTES)) return 0;
  }
  peers_slot = program[w++];
  pool_slot = program[w++];
  if (required_slot >= SPAN_WORDS || peers_slot >= SPAN_WORDS || pool_slot >= SPAN_WORDS) return 0;
  return 1;
}

static int starts_with(u32 at, u32 end, const u8 *lit, u32 n) {
  if (end < at || end - at < n) return 0;
  for (u32 j = 0; j < n; j++)
    if (byte_at(at + j) != lit[j]) return 0;
  return 1;
}

/** First occurrence of the literal entirely inside [from, end), or -1 (findBytes of access-fields.ts). */
static i32 find_literal(const u8 *lit, u32 n, u32 from, u32 end) {
  if (n == 0 || end < n || from > end - n) return -1;
  u32 last = end - n;
  const v128_t first = wasm_i8x16_splat((int8_t)lit[0]);
  u32 i = from;
  while (i <= last) {
    u32 m = wasm_i8x16_bitmask(wasm_i8x16_eq(load128(i), first));
    while (m) {
      u32 q = i + __builtin_ctz(m);
      m &= m - 1;
      if (q > last) return -1;
      u32 j = 1;
      while (j < n && byte_at(q + j) == lit[j]) j++;
      if (j == n) return (i32)q;
    }
    i += 16;
  }
  return -1;
}

/** Inside an nginx list a space belongs to ", " or " : " and does not end the value: how far to skip. */
static u32 list_separator_length(u32 at, u32 end) {
  if (byte_at(at) != ' ') return 0;
  if (at > block_base && byte_at(at - 1) == ',') return 1;
  return at + 2 < end && byte_at(at + 1) == ':' && byte_at(at + 2) == ' ' ? 3 : 0;
}

/** TemplateLocator.locateEnd: where the template's match ends, or -1. */
static i32 locate_template(u32 start, u32 end, i32 *spans) {
  u32 pos = start;
  u32 k = 0;
  if (part_count > 0 && part_length[0] > 0) {
    if (!starts_with(pos, end, program_bytes + part_offset[0], part_length[0])) return -1;
    pos += part_length[0];
    k = 1;
  }
  for (; k < part_count; k += 2) {
    u32 next = k + 1 < part_count ? part_length[k + 1] : 0;
    i32 value_end = (i32)end;
    if (next) {
      const u8 *lit = program_bytes + part_offset[k + 1];
      value_end = find_literal(lit, next, pos, end);
      if (part_list[k]) {
        for (u32 skip = value_end >= 0 ? list_separator_length((u32)value_end, end) : 0; skip > 0;
             skip = value_end >= 0 ? list_separator_length((u32)value_end, end) : 0)
          value_end = find_literal(lit, next, (u32)value_end + skip, end);
      }
      if (value_end < 0) return -1;
    }
    i32 slot = part_slot[k];
    if (slot >= 0) {
      spans[slot] = (i32)pos;
      spans[slot + 1] = value_end;
    }
    pos = (u32)value_end + next;
  }
  return (i32)pos;
}

/** KeyValueLocator.locate of layouts/nginx.ts: ` key=value` pairs after the template. */
static void locate_key_values(u32 from, u32 end, i32 *spans) {
  for (u32 p = from; p < end; p++) {
    if (byte_at(p) != ' ') continue;
    u32 key_start = p + 1;
    i32 entry = -1;
    for (u32 k = 0; k < kv_count; k++) {
      if (starts_with(key_start, end, program_bytes + kv_offset[k], kv_length[k])) {
        entry = (i32)k;
        break;
      }
    }
    if (entry < 0 || spans[kv_slot[entry]] >= 0) continue;
    u32 v = key_start + kv_length[entry];
    u32 value_end;
    if (v < end && byte_at(v) == '"') {
      v++;
      value_end = v;
      while (value_end < end && byte_at(value_end) != '"') value_end++;
    } else {
      value_end = v;
      while (value_end < end) {
        u8 b = byte_at(value_end);
        u8 before = byte_at(value_end - 1);
        if (b == ' ' && before != ',' && before != ':' && !(value_end + 2 < end && byte_at(value_end + 1) == ':' && byte_at(value_end + 2) == ' ')) break;
        value_end++;
      }
    }
    spans[kv_slot[entry]] = (i32)v;
    spans[kv_slot[entry] + 1] = (i32)value_end;
    p = value_end - 1;
  }
}

static inline int span_is_dash(const i32 *spans, i32 slot) { return spans[slot + 1] - spans[slot] == 1 && byte_at((u32)spans[slot]) == '-'; }

static int status_at(u32 start, u32 end) {
  if (end < start + 3) return -1;
  int a = byte_at(start) - '0', b = byte_at(start + 1) - '0', c = byte_at(start + 2) - '0';
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

static inline int is_digit(u8 c) { return c >= '0' && c <= '9'; }

static int list_has_gateway_error(u32 start, u32 end) {
  for (u32 i = start; i + 3 <= end; i++) {
    if (byte_at(i) == '5' && byte_at(i + 1) == '0' && (byte_at(i + 2) == '2' || byte_at(i + 2) == '3' || byte_at(i + 2) == '4')) {
      u8 after = i + 3 < end ? byte_at(i + 3) : ' ';
      u8 before = i > start ? byte_at(i - 1) : ' ';
      if (!is_digit(after) && !is_digit(before)) return 1;
    }
  }
  return 0;
}

static inline int is_space(u8 c) { return c == ' ' || (c >= 9 && c <= 13); }

/**
 * Does the list [start, end) hold one of the comma-separated tokens at program_bytes[at, at + n)?
 * Items are split on ',' and trimmed of ASCII white space, as JS does (`split(',')`, `trim()`); an item
 * with a non-ASCII byte counts as a hit, since JS's trim() also strips Unicode white space.
 */
static int list_has_token(u32 start, u32 end, u32 at, u32 n) {
  u32 item = start;
  for (u32 i = start; i <= end; i++) {
    if (i < end && byte_at(i) != ',') continue;
    u32 a = item, z = i;
    item = i + 1;
    while (a < z && is_space(byte_at(a))) a++;
    while (z > a && is_space(byte_at(z - 1))) z--;
    for (u32 k = a; k < z; k++)
      if (byte_at(k) & 0x80) return 1;
    const u8 *tokens = program_bytes + at;
    u32 t = 0;
    while (t < n) {
      u32 te = t;
      while (te < n && tokens[te] != ',') te++;
      if (te - t == z - a) {
        u32 j = 0;
        while (j < z - a && tokens[t + j] == byte_at(a + j)) j++;
        if (j == z - a) return 1;
      }
      t = te + 1;
    }
  }
  return 0;
}

/**
 * Might Number.parseInt of the span equal `value`? Leading white space and a sign are skipped as
 * parseInt skips them (a superset: "-0" and "+0" pass for 0); a non-ASCII byte before the number may
 * be Unicode white space, which parseInt skips too: a hit.
 */
static int number_may_equal(u32 start, u32 end, i32 value) {
  u32 p = start;
  while (p < end && is_space(byte_at(p))) p++;
  if (p < end && (byte_at(p) & 0x80)) return 1;
  int negative = 0;
  if (p < end && (byte_at(p) == '+' || byte_at(p) == '-')) negative = byte_at(p++) == '-';
  if (p >= end || !is_digit(byte_at(p))) return 0;
  i64 n = 0;
  while (p < end && is_digit(byte_at(p)) && n <= 0x7fffffff) n = n * 10 + (byte_at(p++) - '0');
  if (negative) n = -n;
  return n == value || (n == 0 && value == 0);
}

static int clause_holds(u32 k, const i32 *spans) {
  i32 s = clause_slot[k];
  switch (clause_test[k]) {
    case TEST_ANY:
      return 1;
    case TEST_NOT_DASH:
      return spans[s] >= 0 && !span_is_dash(spans, s);
    case TEST_LIST_GATEWAY:
      return spans[s] >= 0 && !span_is_dash(spans, s) && list_has_gateway_error((u32)spans[s], (u32)spans[s + 1]);
    case TEST_STATUS_GATEWAY: {
      if (spans[s] < 0) return 0;
      int st = status_at((u32)spans[s], (u32)spans[s + 1]);
      return st == 502 || st == 503 || st == 504;
    }
    case TEST_LIST_TOKEN:
      // "-" (no flags: most records) is not a token (JS refuses it as one).
      return spans[s] >= 0 && !span_is_dash(spans, s) && list_has_token((u32)spans[s], (u32)spans[s + 1], (u32)clause_arg[k], (u32)clause_arg2[k]);
    case TEST_NUMBER_EQUALS:
      return spans[s] >= 0 && number_may_equal((u32)spans[s], (u32)spans[s + 1], clause_arg[k]);
  }
  return 0;
}

/** May this record have failed? A superset of the layout's own test, which JS applies afterwards. */
static int may_fail(const i32 *spans) {
  int group = 1;
  for (u32 k = 0; k < clause_count; k++) {
    group = group && clause_holds(k, spans);
    if (clause_and_next[k]) continue;
    if (group) return 1;
    group = 1;
  }
  return 0;
}

// ── access mode: requests per upstream ───────────────────────────────────────────────────────────
static u32 tally_hash[TALLY_SLOTS];
static u32 tally_entry[TALLY_SLOTS]; // entry + 1, 0: empty
// The keys seen last, by hash: a log names a few upstreams over and over, and these 2 KiB stay in the
// L1 cache where the 512 KiB table does not (the automaton's table and the input stream through it).
enum { RECENT_KEYS = 256 };
static u32 recent_hash[RECENT_KEYS];
static u32 recent_entry[RECENT_KEYS]; // entry + 1, 0: empty
static u32 entry_offset[TALLY_MAX_KEYS];
static u32 entry_length[TALLY_MAX_KEYS];
static u32 entry_slot[TALLY_MAX_KEYS];
static double entry_count[TALLY_MAX_KEYS];
static u8 tally_arena[TALLY_ARENA];
static u32 tally_arena_used;
static u32 tally_entries;
static double tally_overflow;

EXPORT(tally_entries_count) u32 tally_entries_count(void) { return tally_entries; }
EXPORT(tally_overflow_count) double tally_overflow_count(void) { return tally_overflow; }
EXPORT(tally_entry_offset_ptr) u32 *tally_entry_offset_ptr(void) { return entry_offset; }
EXPORT(tally_entry_length_ptr) u32 *tally_entry_length_ptr(void) { return entry_length; }
EXPORT(tally_entry_count_ptr) double *tally_entry_count_ptr(void) { return entry_count; }
EXPORT(tally_arena_ptr) u8 *tally_arena_ptr(void) { return tally_arena; }

/** Forgets every key (JS has taken the counts). */
EXPORT(tally_reset) void tally_reset(void) {
  for (u32 e = 0; e < tally_entries; e++) tally_entry[entry_slot[e]] = 0;
  for (u32 r = 0; r < RECENT_KEYS; r++) recent_entry[r] = 0;
  tally_entries = 0;
  tally_arena_used = 0;
  tally_overflow = 0;
}

/** A hash of a key from its length and its first and last 8 bytes (keys are short; equal keys are compared). */
static inline u32 key_hash(u32 a, u32 len) {
  u64 x = len;
  if (len >= 8) {
    x ^= load64(a) * 0x9e3779b97f4a7c15ull;
    x ^= load64(a + len - 8) * 0xc2b2ae3d27d4eb4full;
  } else {
    for (u32 i = 0; i < len; i++) x = (x ^ byte_at(a + i)) * 0x100000001b3ull;
  }
  x ^= x >> 29;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 32;
  return (u32)x;
}

static inline int entry_is(u32 e, u32 a, u32 len) {
  if (entry_length[e] != len) return 0;
  u32 key = (u32)(uintptr_t)(tally_arena + entry_offset[e]);
  u32 j = 0;
  for (; j + 8 <= len; j += 8)
    if (load64(key + j) != load64(a + j)) return 0;
  for (; j < len; j++)
    if (byte_at(key + j) != byte_at(a + j)) return 0;
  return 1;
}

static void tally_add(u32 a, u32 z) {
  u32 len = z - a;
  u32 h = key_hash(a, len);
  u32 r = (h ^ (h >> 16)) & (RECENT_KEYS - 1);
  if (recent_entry[r] && recent_hash[r] == h && entry_is(recent_entry[r] - 1, a, len)) {
    entry_count[recent_entry[r] - 1] += 1;
    return;
  }
  u32 s = h & (TALLY_SLOTS - 1);
  for (;;) {
    u32 e = tally_entry[s];
    if (!e) break;
    e--;
    if (tally_hash[s] == h && entry_is(e, a, len)) {
      entry_count[e] += 1;
      recent_hash[r] = h;
      recent_entry[r] = e + 1;
      return;
    }
    s = (s + 1) & (TALLY_SLOTS - 1);
  }
  if (tally_entries >= TALLY_MAX_KEYS || tally_arena_used + len > TALLY_ARENA) {
    tally_overflow += 1;
    return;
  }
  u32 e = tally_entries++;
  __builtin_memcpy(tally_arena + tally_arena_used, (const void *)(uintptr_t)a, len);
  entry_offset[e] = tally_arena_used;
  entry_length[e] = len;
  entry_count[e] = 1;
  entry_slot[e] = s;
  tally_arena_used += len;
  tally_hash[s] = h;
  tally_entry[s] = e + 1;
}

/** tallyListItems of traffic-tally.ts: each item of "a:80, b:80 : c:80", "-" skipped. */
static u32 tally_list_items(u32 start, u32 end) {
  // Most values are one address: no ',' and no ' ' (so nothing to split or trim).
  if (end - start <= 16 && end > start) {
    v128_t v = load128(start);
    u32 m = wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_const_splat(',')), wasm_i8x16_eq(v, wasm_i8x16_const_splat(' '))));
    if ((m & ((1u << (end - start)) - 1)) == 0) {
      if (end - start == 1 && byte_at(start) == '-') return 0;
      tally_add(start, end);
      return 1;
    }
  }
  u32 added = 0;
  u32 item_start = start;
  for (u32 i = start; i <= end; i++) {
    u8 b = i < end ? byte_at(i) : ',';
    int colon = b == ' ' && i + 1 < end && byte_at(i + 1) == ':';
    if (b != ',' && !colon) continue;
    u32 a = item_start, z = i;
    while (a < z && byte_at(a) == ' ') a++;
    while (z > a && byte_at(z - 1) == ' ') z--;
    if (z > a && !(z - a == 1 && byte_at(a) == '-')) {
      tally_add(a, z);
      added++;
    }
    item_start = colon ? i + 2 : i + 1;
    if (colon) i++;
  }
  return added;
}

/** FileScanner.tallyTraffic: the peers tried, else the pool, else "" (no upstream named). */
static void tally_traffic(const i32 *spans) {
  if (peers_slot >= 0 && spans[peers_slot] >= 0 && tally_list_items((u32)spans[peers_slot], (u32)spans[peers_slot + 1]) > 0) return;
  if (pool_slot >= 0 && spans[pool_slot] >= 0 && spans[pool_slot + 1] > spans[pool_slot] && !span_is_dash(spans, pool_slot))
    tally_add((u32)spans[pool_slot], (u32)spans[pool_slot + 1]);
  else
    tally_add(0, 0);
}

/**
 * Access mode: every line is located; request records are counted per upstream and handed over when
 * they may have failed, other lines when they hold a keyword. Returns the number of records.
 */
EXPORT(scan_access) u32 scan_access(void) {
  out_used = 0;
  out_keyword_used = 0;
  i32 spans[SPAN_WORDS];
  while (scan_pos < block_end && !output_full()) {
    u32 ls = scan_pos;
    u32 le = find_newline(ls, block_end);
    u32 e = le > ls && byte_at(le - 1) == '\r' ? le - 1 : le;
    if (e - ls > MAX_LINE) {
      long_lines++;
      e = ls + MAX_LINE;
    }
    for (u32 k = 0; k < SPAN_WORDS; k++) spans[k] = -1;
    i32 located = e > ls ? locate_template(ls, e, spans) : -1;
    if (located >= 0 && kv_count) locate_key_values((u32)located, e, spans);
    if (located >= 0 && (required_slot < 0 || spans[required_slot] >= 0)) {
      access_lines++;
      tally_traffic(spans);
      if (may_fail(spans)) {
        i32 *r = emit(KIND_ACCESS, ls, e, newlines, ls);
        for (u32 k = 0; k < SPAN_WORDS; k++) r[8 + k] = spans[k];
      }
    } else {
      // Not a request record (an error line mixed in, another log_format): handed over when it holds a keyword, any
      // keyword (no anchors here: keywords on most request lines, like nginx's ` us=`, are left out of them). An
      // ASCII line without one is taken back; JS reads the keywords of the others itself.
      i32 *r = emit(KIND_TEXT, ls, e, newlines, ls);
      if (r[4] == 0 && r[6] == 0) out_used--;
    }
    if (le < block_end) {
      newlines++;
      scan_pos = le + 1;
    } else {
      scan_pos = block_end;
    }
  }
  publish();
  return out_used;
}
