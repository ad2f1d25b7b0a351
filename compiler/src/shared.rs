//! [`Shared`]: the counted pointer of the expression tree's nodes.

/// The counted pointer that holds expression nodes, joins and aliases:
/// `triomphe::Arc`, an `Arc` without a weak count. Dropping the last handle
/// of a node then costs one atomic operation instead of two, and making a
/// uniquely held node mutable costs none instead of a compare-and-swap
/// (on the Intel VM the benchmarks ran on, an uncontended atomic operation
/// took about 10 ns in a loop of nothing else and about 3 ns inside a
/// compile).
pub(crate) type Shared<T> = triomphe::Arc<T>;
