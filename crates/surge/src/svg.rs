//! The report as a picture: stacked panels sharing the time axis (offered load and goodput,
//! attack rate, latency, refusals, slowloris), one colour per server when two are compared.
//! Written by hand: a few polylines and labels need no plotting library.

use crate::classify::Kind;
use crate::report::{Report, RunReport, SecondReport};
use crate::summary::{kinds, ms, percent};
use std::fmt::Write;

/// Picture width, in pixels.
const WIDTH: f64 = 1000.0;
/// Left margin (y labels).
const LEFT: f64 = 70.0;
/// Right margin.
const RIGHT: f64 = 20.0;
/// Height of one panel's plot area.
const PANEL: f64 = 150.0;
/// Space above each plot (its title).
const PANEL_TOP: f64 = 34.0;
/// Space below each plot (time labels).
const PANEL_BOTTOM: f64 = 22.0;
/// Height of the title.
const TITLE: f64 = 40.0;
/// Height of one line of the totals at the bottom.
const LINE: f64 = 18.0;
/// One colour per run.
const COLOURS: [&str; 2] = ["#1f6fb4", "#d9480f"];

/// One line in a panel.
#[derive(Debug, Clone)]
pub struct Line {
    /// What it shows, in the legend.
    pub label: String,
    /// Its colour.
    pub colour: &'static str,
    /// Dashed (the secondary series of a panel) or solid.
    pub dashed: bool,
    /// The value at each second; `None` where there was nothing to measure.
    pub values: Vec<Option<f64>>,
}

/// One panel: a title, a y scale and its lines.
#[derive(Debug, Clone)]
pub struct Panel {
    /// What the panel shows.
    pub title: String,
    /// Logarithmic y axis (latencies span milliseconds to seconds).
    pub log: bool,
    /// The lines.
    pub lines: Vec<Line>,
}

/// Escapes text for SVG.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The smallest 1, 2 or 5 × 10ⁿ at least `value` (1 for nothing).
pub fn nice(value: f64) -> f64 {
    if !(value > 0.0 && value.is_finite()) {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|candidate| *candidate >= value * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

fn counts(series: &[SecondReport], f: impl Fn(&SecondReport) -> u64) -> Vec<Option<f64>> {
    series.iter().map(|s| Some(f(s) as f64)).collect()
}

fn graceful(s: &SecondReport) -> u64 {
    s.refused
        .iter()
        .filter(|(name, _)| {
            Kind::ALL
                .iter()
                .any(|k| k.name() == **name && k.is_graceful_refusal())
        })
        .map(|(_, n)| n)
        .sum()
}

fn failures(s: &SecondReport) -> u64 {
    s.refused.values().sum::<u64>() - graceful(s)
}

/// The panels of a report.
pub fn panels(report: &Report) -> Vec<Panel> {
    let runs: Vec<(&RunReport, &'static str)> =
        report.runs.iter().zip(COLOURS.iter().copied()).collect();
    let line = |run: &RunReport, colour, dashed, what: &str, values| Line {
        label: format!("{} {what}", run.label),
        colour,
        dashed,
        values,
    };
    let mut panels = vec![Panel {
        title: "Legitimate requests per second: goodput (solid), offered (dashed)".into(),
        log: false,
        lines: runs
            .iter()
            .flat_map(|(run, colour)| {
                [
                    line(
                        run,
                        colour,
                        false,
                        "goodput",
                        counts(&run.series, |s| s.goodput),
                    ),
                    line(
                        run,
                        colour,
                        true,
                        "offered",
                        counts(&run.series, |s| s.legit_sent),
                    ),
                ]
            })
            .collect(),
    }];
    if report
        .runs
        .iter()
        .any(|r| r.totals.attack_requests.sent > 0)
    {
        panels.push(Panel {
            title: "Attack requests sent per second".into(),
            log: false,
            lines: runs
                .iter()
                .map(|(run, colour)| {
                    line(
                        run,
                        colour,
                        false,
                        "attack",
                        counts(&run.series, |s| s.attack_sent),
                    )
                })
                .collect(),
        });
    }
    panels.push(Panel {
        title: "Latency of real answers, ms (log): p99 (solid), p50 (dashed)".into(),
        log: true,
        lines: runs
            .iter()
            .flat_map(|(run, colour)| {
                [
                    line(
                        run,
                        colour,
                        false,
                        "p99",
                        run.series.iter().map(|s| s.p99_ms).collect(),
                    ),
                    line(
                        run,
                        colour,
                        true,
                        "p50",
                        run.series.iter().map(|s| s.p50_ms).collect(),
                    ),
                ]
            })
            .collect(),
    });
    panels.push(Panel {
        title: "Legitimate refusals per second: shield answers (solid), failures (dashed)".into(),
        log: false,
        lines: runs
            .iter()
            .flat_map(|(run, colour)| {
                [
                    line(run, colour, false, "shield", counts(&run.series, graceful)),
                    line(run, colour, true, "failures", counts(&run.series, failures)),
                ]
            })
            .collect(),
    });
    if report.scenario.slowloris > 0 {
        panels.push(Panel {
            title: "Slowloris connections held".into(),
            log: false,
            lines: runs
                .iter()
                .map(|(run, colour)| {
                    line(
                        run,
                        colour,
                        false,
                        "held",
                        counts(&run.series, |s| s.slowloris_held),
                    )
                })
                .collect(),
        });
    }
    panels
}

/// Where a value goes on a panel's y axis, from 0 (bottom) to 1 (top).
struct Scale {
    log: bool,
    low: f64,
    high: f64,
    /// Between two ticks of a linear scale.
    step: f64,
}

impl Scale {
    fn of(panel: &Panel) -> Self {
        let values = panel.lines.iter().flat_map(|l| l.values.iter().flatten());
        let max = values.clone().fold(0.0f64, |a, b| a.max(*b));
        if panel.log {
            let min = values
                .filter(|v| **v > 0.0)
                .fold(f64::MAX, |a, b| a.min(*b));
            let low = if min == f64::MAX {
                0.0
            } else {
                min.log10().floor().min(0.0)
            };
            let high = nice(max).log10().ceil().max(low + 1.0);
            Scale {
                log: true,
                low,
                high,
                step: 1.0,
            }
        } else {
            let step = nice(max / 5.0);
            Scale {
                log: false,
                low: 0.0,
                high: (max / step).ceil().max(1.0) * step,
                step,
            }
        }
    }

    fn fraction(&self, value: f64) -> f64 {
        let v = if self.log {
            value.max(10f64.powf(self.low)).log10()
        } else {
            value
        };
        ((v - self.low) / (self.high - self.low)).clamp(0.0, 1.0)
    }

    /// The tick values and their labels.
    fn ticks(&self) -> Vec<(f64, String)> {
        if self.log {
            let (low, high) = (self.low as i32, self.high as i32);
            (low..=high)
                .map(|p| {
                    let v = 10f64.powi(p);
                    (v, format_number(v))
                })
                .collect()
        } else {
            let n = (self.high / self.step).round() as u32;
            (0..=n)
                .map(|i| {
                    let v = self.step * f64::from(i);
                    (v, format_number(v))
                })
                .collect()
        }
    }
}

/// A tick label: `2k` for 2000, `0.2` rather than `0.20000000000000001`.
pub fn format_number(v: f64) -> String {
    let trimmed = |x: f64| {
        let text = format!("{x:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    if v >= 1000.0 {
        format!("{}k", trimmed(v / 1000.0))
    } else {
        trimmed(v)
    }
}

fn draw_panel(out: &mut String, panel: &Panel, top: f64, seconds: usize) {
    let plot_top = top + PANEL_TOP;
    let width = WIDTH - LEFT - RIGHT;
    let x = |t: usize| LEFT + width * t as f64 / seconds.max(1) as f64;
    let scale = Scale::of(panel);
    let y = |v: f64| plot_top + PANEL * (1.0 - scale.fraction(v));
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="{:.1}" class="title">{}</text>"#,
        top + 16.0,
        escape(&panel.title)
    );
    let _ = writeln!(
        out,
        r##"<rect x="{LEFT}" y="{plot_top:.1}" width="{width:.1}" height="{PANEL}" fill="#fafafa" stroke="#999"/>"##
    );
    for (value, label) in scale.ticks() {
        let yy = y(value);
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#e3e3e3"/><text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{label}</text>"##,
            LEFT + width,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    let step = nice(seconds as f64 / 10.0).max(1.0) as usize;
    for t in (0..=seconds).step_by(step) {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="middle">{t}s</text>"#,
            x(t),
            plot_top + PANEL + 15.0
        );
    }
    let mut legend_x = WIDTH - RIGHT;
    for line in panel.lines.iter().rev() {
        let dash = if line.dashed {
            r#" stroke-dasharray="5,3""#
        } else {
            ""
        };
        let mut points = Vec::new();
        let mut segments = Vec::new();
        for (t, value) in line.values.iter().enumerate() {
            match value {
                Some(v) => points.push(format!("{:.1},{:.1}", x(t), y(*v))),
                None if !points.is_empty() => segments.push(std::mem::take(&mut points)),
                None => {}
            }
        }
        segments.push(points);
        for segment in segments.iter().filter(|s| !s.is_empty()) {
            let _ = writeln!(
                out,
                r#"<polyline fill="none" stroke="{}" stroke-width="1.6"{dash} points="{}"/>"#,
                line.colour,
                segment.join(" ")
            );
        }
        let label = escape(&line.label);
        legend_x -= 12.0 + 7.0 * label.chars().count() as f64 + 24.0;
        let _ = writeln!(
            out,
            r#"<line x1="{legend_x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}" class="legend">{label}</text>"#,
            top + 28.0,
            legend_x + 20.0,
            top + 28.0,
            line.colour,
            legend_x + 24.0,
            top + 32.0
        );
    }
}

fn totals_lines(run: &RunReport) -> Vec<String> {
    let t = &run.totals;
    let g = &t.goodput;
    vec![
        format!(
            "{} ({}): {} users, {} completed; success {} (signed-in {}); p50 {}, p99 {}",
            run.label,
            run.base,
            t.users.arrived,
            t.users.completed,
            percent(t.success.rate),
            percent(t.success.signed_in_rate),
            ms(t.latency_ms.p50),
            ms(t.latency_ms.p99),
        ),
        format!(
            "    goodput: peak {}/s, best 5 s {:.0}/s; last 2/3 at {} of the peak, {} of the \
             5 s peak; its worst 5 s at {} of the 5 s peak",
            g.peak_per_s,
            g.peak_5s_per_s,
            percent(g.last_two_thirds_share_of_peak),
            percent(g.last_two_thirds_share_of_peak_5s),
            percent(g.last_two_thirds_worst_5s_share_of_peak_5s),
        ),
        format!(
            "    refused: {}; waiting room seen by {} users; attack requests {}",
            kinds(&t.legit_requests.by_kind),
            t.users.saw_waiting_room,
            t.attack_requests.sent,
        ),
    ]
}

/// The report as an SVG document.
pub fn render(report: &Report) -> String {
    let panels = panels(report);
    let seconds = report
        .runs
        .iter()
        .map(|r| r.series.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let text_lines: Vec<(String, &str)> = report
        .runs
        .iter()
        .zip(COLOURS)
        .flat_map(|(run, colour)| totals_lines(run).into_iter().map(move |l| (l, colour)))
        .collect();
    let height = TITLE
        + panels.len() as f64 * (PANEL_TOP + PANEL + PANEL_BOTTOM)
        + text_lines.len() as f64 * LINE
        + 20.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="sans-serif">"#
    );
    out.push_str(
        "<style>.title{font-size:13px;font-weight:bold}.tick{font-size:10px;fill:#555}\
         .legend{font-size:11px}.totals{font-size:11px}</style>\n",
    );
    let _ = writeln!(
        out,
        r#"<rect width="{WIDTH}" height="{height:.0}" fill="white"/>"#
    );
    let s = &report.scenario;
    let title = format!(
        "cartable-surge: {:?} shape, rate {}/s, {} s, seed {}, attacks: {}",
        s.shape,
        s.rate,
        s.duration_s,
        s.seed,
        if s.attacks.is_empty() {
            "none".to_owned()
        } else {
            s.attacks
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let _ = writeln!(
        out,
        r#"<text x="{LEFT}" y="26" font-size="16" font-weight="bold">{}</text>"#,
        escape(&title)
    );
    let mut top = TITLE;
    for panel in &panels {
        draw_panel(&mut out, panel, top, seconds);
        top += PANEL_TOP + PANEL + PANEL_BOTTOM;
    }
    for (line, colour) in &text_lines {
        top += LINE;
        let _ = writeln!(
            out,
            r#"<text x="10" y="{top:.1}" class="totals" fill="{colour}">{}</text>"#,
            escape(line)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_report(runs: usize) -> Report {
        use crate::recorder::{Recorder, Tallies};
        use crate::report::ScenarioReport;
        let make = |label: &str, good: u64| {
            let recorder = Recorder::new();
            for _ in 0..good {
                recorder.legit_sent();
                recorder.legit_answer(Kind::Ok, std::time::Duration::from_millis(12));
            }
            recorder.legit_sent();
            recorder.legit_answer(Kind::WaitingRoom, std::time::Duration::from_millis(1));
            recorder.attack_sent(crate::attack::AttackKind::Anonymous, 1);
            recorder.attack_answer(Kind::ClientError);
            let tallies: Tallies = recorder.tallies();
            RunReport::new(
                label,
                "http://127.0.0.1:1",
                1.0,
                10,
                Default::default(),
                tallies,
                1.0,
            )
        };
        Report {
            tool: "cartable-surge",
            scenario: ScenarioReport {
                slowloris: 10,
                ..Default::default()
            },
            runs: [make("first", 7), make("compare", 3)]
                .into_iter()
                .take(runs)
                .collect(),
        }
    }

    #[test]
    fn renders_every_panel_and_series() {
        let svg = render(&sample_report(2));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        // Tags balance (a crude well-formedness check).
        assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert!(!svg.contains("&&") && !svg.contains("<<"));
        for title in ["goodput", "Attack", "Latency", "refusals", "Slowloris"] {
            assert!(svg.contains(title), "no {title} panel");
        }
        for colour in COLOURS {
            assert!(svg.contains(&format!("stroke=\"{colour}\"")));
        }
        assert!(svg.contains("first goodput") && svg.contains("compare offered"));
        assert!(svg.contains("<polyline"));
        assert!(svg.contains("waiting_room 1"));
        assert!(svg.contains("best 5 s") && svg.contains("worst 5 s"));
    }

    #[test]
    fn one_run_is_one_colour() {
        let svg = render(&sample_report(1));
        assert!(!svg.contains(COLOURS[1]));
    }

    #[test]
    fn nice_numbers() {
        assert_eq!(nice(0.0), 1.0);
        assert_eq!(nice(1.0), 1.0);
        assert_eq!(nice(1.1), 2.0);
        assert_eq!(nice(3.0), 5.0);
        assert_eq!(nice(7.0), 10.0);
        assert_eq!(nice(120.0), 200.0);
        assert_eq!(nice(500.0), 500.0);
    }

    #[test]
    fn tick_labels() {
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(0.6000000001), "0.6");
        assert_eq!(format_number(125.0), "125");
        assert_eq!(format_number(2000.0), "2k");
        assert_eq!(format_number(2500.0), "2.5k");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }

    #[test]
    fn scales() {
        let panel = |log, values: Vec<Option<f64>>| Panel {
            title: String::new(),
            log,
            lines: vec![Line {
                label: String::new(),
                colour: "black",
                dashed: false,
                values,
            }],
        };
        let linear = Scale::of(&panel(false, vec![Some(0.0), Some(80.0)]));
        assert_eq!((linear.step, linear.high), (20.0, 80.0));
        assert_eq!(linear.fraction(40.0), 0.5);
        assert_eq!(linear.ticks().len(), 5);
        let odd = Scale::of(&panel(false, vec![Some(193.0)]));
        assert_eq!((odd.step, odd.high), (50.0, 200.0));
        let empty = Scale::of(&panel(false, vec![Some(0.0)]));
        assert_eq!(empty.high, 1.0);
        let log = Scale::of(&panel(true, vec![Some(2.0), None, Some(3000.0)]));
        assert_eq!((log.low, log.high), (0.0, 4.0));
        assert_eq!(log.fraction(100.0), 0.5);
        assert_eq!(log.ticks().len(), 5);
    }
}
