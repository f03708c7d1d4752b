//! What the store itself checks of requests, on both backends alike: a new
//! request has the fields it needs, and a [`Change`] leads to a status the
//! desk's rules ([`southdesk_plan::requests::check_transition`]) allow.

use southdesk_plan::requests::Status;

use super::{Change, NewRequest};
use crate::StoreError;

/// Checks what the store itself can check of a new request.
pub(crate) fn check_new(new: &NewRequest) -> Result<(), StoreError> {
    if new.title.trim().is_empty() || new.text.trim().is_empty() {
        return Err(StoreError::Invalid(
            "a request needs a title and a text".into(),
        ));
    }
    if let Some(k) = &new.idempotency
        && (k.key.is_empty() || k.key.len() > 200)
    {
        return Err(StoreError::Invalid(
            "an idempotency key has 1 to 200 characters".into(),
        ));
    }
    Ok(())
}

/// The new status (and whether it acknowledges or delivers) of a change to
/// a request in `from`; `Conflict` if the rules refuse it.
pub(crate) fn next_status(id: i64, from: Status, change: &Change) -> Result<Status, StoreError> {
    use southdesk_plan::requests::check_transition;
    let refuse =
        |what: &str| StoreError::Conflict(format!("request {id} is {from}: it cannot be {what}"));
    match change {
        Change::Triage { .. } => match from {
            Status::Received | Status::Triaged => Ok(Status::Triaged),
            _ => Err(refuse("triaged")),
        },
        Change::Assign { assignees } => {
            if assignees.is_empty() {
                return Err(StoreError::Invalid("assign at least one person".into()));
            }
            match from {
                Status::Received | Status::Triaged => Ok(Status::Assigned),
                Status::Assigned | Status::InProgress => Ok(from),
                _ => Err(refuse("assigned")),
            }
        }
        Change::Status { to, decline } => {
            if *to == Status::Assigned {
                return Err(StoreError::Invalid(
                    "a request is assigned by assigning people to it".into(),
                ));
            }
            if (*to == Status::Declined) != decline.is_some() {
                return Err(StoreError::Invalid(
                    "a request is declined with a reason, and only then".into(),
                ));
            }
            check_transition(from, *to)
                .map(|_| *to)
                .map_err(|e| StoreError::Conflict(format!("request {id}: {e}")))
        }
        Change::Comment { .. } | Change::Link { .. } => Ok(from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_lead_to_the_statuses_the_rules_allow() {
        let assign = |people: Vec<i64>| Change::Assign { assignees: people };
        assert_eq!(
            next_status(1, Status::Received, &assign(vec![7])).unwrap(),
            Status::Assigned
        );
        assert_eq!(
            next_status(1, Status::InProgress, &assign(vec![7])).unwrap(),
            Status::InProgress
        );
        assert_eq!(
            next_status(1, Status::Received, &assign(vec![]))
                .unwrap_err()
                .code(),
            "invalid"
        );
        let status = |to: Status| Change::Status { to, decline: None };
        assert_eq!(
            next_status(1, Status::Received, &status(Status::Assigned))
                .unwrap_err()
                .code(),
            "invalid",
            "assigning goes through Change::Assign"
        );
        assert_eq!(
            next_status(1, Status::Received, &status(Status::Declined))
                .unwrap_err()
                .code(),
            "invalid",
            "declining needs a reason"
        );
        let comment = Change::Comment {
            text: "noted".into(),
            internal: true,
        };
        assert_eq!(
            next_status(1, Status::Delivered, &comment).unwrap(),
            Status::Delivered
        );
    }
}
