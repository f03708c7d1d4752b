//! What changed between two plans.
