//! The desk's figures for management: counts of requests by status,
//! programme and member, and how often the desk acknowledged and delivered
//! on time. Pure functions of the requests.

use std::collections::BTreeMap;

use southdesk_plan::requests::{Requester, Status, is_overdue};
use southdesk_store::requests::Request;
use time::Date;

/// A share: `on_time` of `of`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    pub on_time: u64,
    pub of: u64,
}

impl Share {
    /// Whole percent, `None` when there is nothing to count.
    pub fn percent(self) -> Option<u64> {
        (self.of > 0).then(|| (self.on_time * 100 + self.of / 2) / self.of)
    }
}

/// What management sees on its start page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub total: u64,
    pub open: u64,
    pub overdue: u64,
    pub received_this_year: u64,
    pub delivered_this_year: u64,
    pub by_status: BTreeMap<&'static str, u64>,
    /// Lead programme id ("" when not routed yet).
    pub by_programme: BTreeMap<String, u64>,
    /// By member state or group (keyed `member:CODE`, `group:ID`).
    pub by_requester: BTreeMap<String, (Requester, u64)>,
    /// Acknowledged by the acknowledgement deadline.
    pub acknowledged: Share,
    /// Delivered by the requester's deadline (requests with one).
    pub delivered: Share,
}

impl Figures {
    pub fn of(requests: &[Request], today: Date) -> Figures {
        let mut f = Figures::default();
        for r in requests {
            f.total += 1;
            *f.by_status.entry(r.status.as_str()).or_default() += 1;
            if r.status.is_open() {
                f.open += 1;
                *f.by_programme
                    .entry(r.routing.lead.clone().unwrap_or_default())
                    .or_default() += 1;
            }
            if is_overdue(r.status, r.ack_due, r.deadline, today) {
                f.overdue += 1;
            }
            if r.received_at.year() == today.year() {
                f.received_this_year += 1;
            }
            if r.delivered_at.is_some_and(|d| d.year() == today.year()) {
                f.delivered_this_year += 1;
            }
            let key = match &r.requester {
                Requester::Member(c) => format!("member:{c}"),
                Requester::Group(g) => format!("group:{g}"),
            };
            f.by_requester
                .entry(key)
                .or_insert_with(|| (r.requester.clone(), 0))
                .1 += 1;
            match r.acknowledged_at {
                Some(at) => {
                    f.acknowledged.of += 1;
                    if at.date() <= r.ack_due {
                        f.acknowledged.on_time += 1;
                    }
                }
                // Not acknowledged and already late: late.
                None if today > r.ack_due => f.acknowledged.of += 1,
                None => {}
            }
            if let Some(deadline) = r.deadline {
                match r.delivered_at {
                    Some(at) => {
                        f.delivered.of += 1;
                        if at.date() <= deadline {
                            f.delivered.on_time += 1;
                        }
                    }
                    None if r.status.is_open() && today > deadline => f.delivered.of += 1,
                    None => {}
                }
            }
        }
        f
    }
}

/// Where an open request stands today, for a coordinator's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Urgency {
    Overdue,
    DueThisWeek,
    ToTriage,
    Open,
}

impl Urgency {
    pub fn of(r: &Request, today: Date) -> Urgency {
        if is_overdue(r.status, r.ack_due, r.deadline, today) {
            Urgency::Overdue
        } else if r.deadline.is_some_and(|d| (d - today).whole_days() <= 7)
            || (r.status == Status::Received && (r.ack_due - today).whole_days() <= 7)
        {
            Urgency::DueThisWeek
        } else if r.status == Status::Received {
            Urgency::ToTriage
        } else {
            Urgency::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_to_whole_percents_and_say_nothing_of_nothing() {
        assert_eq!(Share { on_time: 2, of: 3 }.percent(), Some(67));
        assert_eq!(Share { on_time: 0, of: 0 }.percent(), None);
    }
}
