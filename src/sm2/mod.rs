//! SM2 (GB/T 32918-2016).

// The protocols that use the arithmetic land in the next commits.
#![allow(dead_code)]

#[cfg(test)]
mod arith_tests;
mod der;
mod field;
mod limbs;
mod point;
mod scalar;
mod table;
