//! When each import runs, declared once: the local scheduler follows these, and a test holds
//! the SAM template to them (EventBridge Scheduler's expressions and time zones).

use jiff::{Timestamp, ToSpan, tz::TimeZone};
use worklane_domain::ImportSource;

/// A schedule as EventBridge Scheduler can state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// `rate(N minutes)`: every N minutes from when the schedule was made.
    Every { minutes: u32 },
    /// `cron(M H * * ? *)` in `zone`: daily at H:M local time.
    DailyAt {
        hour: u8,
        minute: u8,
        zone: &'static str,
    },
}

/// Each source's schedule.
pub fn schedule_of(source: ImportSource) -> Schedule {
    match source {
        ImportSource::BodyTypeQuiz => Schedule::Every { minutes: 15 },
        ImportSource::HealthEvaluationQuiz => Schedule::Every { minutes: 60 },
        ImportSource::FaqRequests => Schedule::DailyAt {
            hour: 6,
            minute: 20,
            zone: "UTC",
        },
        ImportSource::AbandonedCarts => Schedule::Every { minutes: 30 },
    }
}

impl Schedule {
    /// The `ScheduleExpression` EventBridge Scheduler takes.
    pub fn expression(self) -> String {
        match self {
            Schedule::Every { minutes } if minutes % 60 == 0 => match minutes / 60 {
                1 => "rate(1 hour)".into(),
                hours => format!("rate({hours} hours)"),
            },
            Schedule::Every { minutes: 1 } => "rate(1 minute)".into(),
            Schedule::Every { minutes } => format!("rate({minutes} minutes)"),
            Schedule::DailyAt { hour, minute, .. } => format!("cron({minute} {hour} * * ? *)"),
        }
    }

    /// The `ScheduleExpressionTimezone` (rates run in UTC).
    pub fn time_zone(self) -> &'static str {
        match self {
            Schedule::Every { .. } => "UTC",
            Schedule::DailyAt { zone, .. } => zone,
        }
    }

    /// The schedule as a person says it.
    pub fn words(self) -> String {
        match self {
            Schedule::Every { minutes: 60 } => "every hour".into(),
            Schedule::Every { minutes } if minutes % 60 == 0 => {
                format!("every {} hours", minutes / 60)
            }
            Schedule::Every { minutes } => format!("every {minutes} minutes"),
            Schedule::DailyAt { hour, minute, .. } => format!("daily at {hour:02}:{minute:02}"),
        }
    }

    /// Reads an EventBridge expression and time zone back, as far as Worklane uses them:
    /// `rate(N minute|minutes|hour|hours)` and a daily `cron(M H * * ? *)`. Anything else,
    /// or a time zone the tz database does not know, is an error saying why.
    pub fn parse(expression: &str, zone: Option<&str>) -> Result<Schedule, String> {
        let zone = zone.unwrap_or("UTC");
        TimeZone::get(zone).map_err(|_| format!("\"{zone}\" is not an IANA time zone"))?;
        if let Some(rate) = expression
            .strip_prefix("rate(")
            .and_then(|r| r.strip_suffix(')'))
        {
            let (value, unit) = rate
                .split_once(' ')
                .ok_or_else(|| format!("\"{expression}\" needs a value and a unit"))?;
            let value: u32 = value
                .parse()
                .map_err(|_| format!("\"{value}\" in \"{expression}\" is not a number"))?;
            let minutes = match (unit, value) {
                ("minute", 1) | ("hour", 1) | ("day", 1) => value,
                ("minutes", v) | ("hours", v) | ("days", v) if v > 1 => v,
                _ => {
                    return Err(format!(
                        "\"{expression}\": 1 takes a singular unit, more a plural"
                    ));
                }
            } * match unit.trim_end_matches('s') {
                "minute" => 1,
                "hour" => 60,
                "day" => 1440,
                other => return Err(format!("\"{other}\" is not a rate unit")),
            };
            if zone != "UTC" {
                return Err(format!("\"{expression}\" is a rate: it takes no time zone"));
            }
            return Ok(Schedule::Every { minutes });
        }
        let cron = expression
            .strip_prefix("cron(")
            .and_then(|c| c.strip_suffix(')'))
            .ok_or_else(|| format!("\"{expression}\" is neither rate(...) nor cron(...)"))?;
        let fields: Vec<&str> = cron.split_whitespace().collect();
        let [minute, hour, "*", "*", "?", "*"] = fields.as_slice() else {
            return Err(format!(
                "\"{expression}\" is not a daily cron: six fields, minutes hours * * ? *"
            ));
        };
        let minute: u8 =
            minute.parse().ok().filter(|m| *m < 60).ok_or_else(|| {
                format!("\"{minute}\" in \"{expression}\" is not a minute (0-59)")
            })?;
        let hour: u8 = hour
            .parse()
            .ok()
            .filter(|h| *h < 24)
            .ok_or_else(|| format!("\"{hour}\" in \"{expression}\" is not an hour (0-23)"))?;
        let zone = ImportSource::ALL
            .into_iter()
            .map(|s| schedule_of(s).time_zone())
            .chain(["UTC", "America/New_York"])
            .find(|z| *z == zone)
            .unwrap_or("UTC");
        Ok(Schedule::DailyAt { hour, minute, zone })
    }

    /// When it runs next after `now`, given the last run started at `last` (a rate counts
    /// from the last run; a daily time is the next such local time that exists).
    pub fn next_after(self, last: Option<Timestamp>, now: Timestamp) -> Timestamp {
        match self {
            Schedule::Every { minutes } => {
                let due = last
                    .and_then(|l| l.checked_add(i64::from(minutes).minutes()).ok())
                    .unwrap_or(now);
                due.max(now)
            }
            Schedule::DailyAt { hour, minute, zone } => {
                let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
                let local = now.to_zoned(tz.clone());
                let mut day = local.date();
                for _ in 0..3 {
                    if let Ok(at) = day
                        .at(hour as i8, minute as i8, 0, 0)
                        .to_zoned(tz.clone())
                        .map(|z| z.timestamp())
                        && at > now
                    {
                        return at;
                    }
                    day = day.tomorrow().unwrap_or(day);
                }
                now
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schedule_reads_back_from_its_own_expression() {
        for source in ImportSource::ALL {
            let schedule = schedule_of(source);
            let parsed = Schedule::parse(&schedule.expression(), Some(schedule.time_zone()));
            assert_eq!(parsed, Ok(schedule), "{source:?}");
        }
    }

    #[test]
    fn expressions_eventbridge_would_refuse_do_not_parse() {
        for (expression, zone) in [
            ("rate(15 minute)", None),
            ("rate(1 hours)", None),
            ("cron(20 6 * * *)", None),
            ("cron(20 6 * * ? *)", Some("America/NewYork")),
            ("cron(61 6 * * ? *)", None),
            ("every 15 minutes", None),
        ] {
            assert!(Schedule::parse(expression, zone).is_err(), "{expression}");
        }
    }

    #[test]
    fn the_daily_faq_import_runs_next_at_0620_utc() {
        let faq = schedule_of(ImportSource::FaqRequests);
        let now: Timestamp = "2026-12-03T07:00:00Z".parse().unwrap();
        let next = faq.next_after(None, now);
        assert_eq!(next.to_string(), "2026-12-04T06:20:00Z");
        let early: Timestamp = "2026-12-03T05:00:00Z".parse().unwrap();
        assert_eq!(
            faq.next_after(None, early).to_string(),
            "2026-12-03T06:20:00Z"
        );
    }

    #[test]
    fn a_rate_runs_its_period_after_the_last_run() {
        let quiz = schedule_of(ImportSource::BodyTypeQuiz);
        let last: Timestamp = "2026-12-03T07:00:00Z".parse().unwrap();
        let now: Timestamp = "2026-12-03T07:05:00Z".parse().unwrap();
        assert_eq!(
            quiz.next_after(Some(last), now).to_string(),
            "2026-12-03T07:15:00Z"
        );
        assert_eq!(quiz.words(), "every 15 minutes");
        assert_eq!(
            schedule_of(ImportSource::HealthEvaluationQuiz).words(),
            "every hour"
        );
    }
}
