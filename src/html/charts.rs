//! The report's charts, drawn by plotters' SVG backend (no fonts, no
//! bitmaps): each leaderboard metric with its interval as a bar, and
//! accuracy against throughput on a log scale. The SVG is inline in the
//! page; plotters escapes the labels it writes.

use crate::report::Report;
use crate::score::{headline, Task};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

/// Okabe-Ito blue: the points and bars.
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe-Ito vermillion: plugins and prediction files.
const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

fn colour(label: &str) -> RGBColor {
    if label.contains(':') {
        VERMILLION
    } else {
        BLUE
    }
}

/// One chart for a task's reports: a panel per metric, a row per strategy (best at the
/// top), the value as a dot and its interval as a bar. `None` when no
/// strategy was scored.
pub fn intervals(reports: &[&Report], metrics: &[&str]) -> Option<String> {
    let ok: Vec<&Report> = reports
        .iter()
        .copied()
        .filter(|r| r.failed.is_none())
        .collect();
    if ok.is_empty() || metrics.is_empty() {
        return None;
    }
    let n = ok.len() as i32;
    let longest = ok.iter().map(|r| r.strategy.chars().count()).max()?;
    let label_w = (longest.min(40) as u32) * 7 + 12;
    let panel_w = 210;
    let width = label_w + panel_w * metrics.len() as u32;
    let height = 60 + 24 * n as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let (labels, rest) = root.split_horizontally(label_w);
        let panels = rest.split_evenly((1, metrics.len()));
        // The strategy names, in a panel of their own so every metric gets
        // the same width.
        {
            let mut chart = ChartBuilder::on(&labels)
                .margin_top(22)
                .x_label_area_size(28)
                .y_label_area_size(label_w - 2)
                .build_cartesian_2d(0f64..1f64, (0..n).into_segmented())
                .ok()?;
            chart
                .configure_mesh()
                .disable_mesh()
                .disable_x_axis()
                .y_labels(n as usize)
                .y_label_formatter(&|y| match y {
                    SegmentValue::CenterOf(i) => ok
                        .get((n - 1 - *i) as usize)
                        .map(|r| short(&r.strategy))
                        .unwrap_or_default(),
                    _ => String::new(),
                })
                .y_label_style(("sans-serif", 12))
                .draw()
                .ok()?;
        }
        for (panel, metric) in panels.iter().zip(metrics) {
            let mut chart = ChartBuilder::on(panel)
                .caption(*metric, ("sans-serif", 13))
                .margin(4)
                .margin_right(10)
                .x_label_area_size(24)
                .y_label_area_size(0)
                .build_cartesian_2d(0f64..1f64, (0..n).into_segmented())
                .ok()?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .disable_y_axis()
                .x_labels(6)
                .x_label_formatter(&|x| format!("{x:.1}"))
                .x_label_style(("sans-serif", 11))
                .light_line_style(RGBColor(0xee, 0xee, 0xee))
                .draw()
                .ok()?;
            let rows = ok.iter().enumerate().filter_map(|(rank, r)| {
                let e = r.metrics.get(*metric)?;
                let v = e.value?;
                Some((
                    SegmentValue::CenterOf(n - 1 - rank as i32),
                    e.low.unwrap_or(v),
                    v,
                    e.high.unwrap_or(v),
                    colour(&r.strategy),
                ))
            });
            let rows: Vec<_> = rows.collect();
            chart
                .draw_series(rows.iter().map(|(y, l, v, h, c)| {
                    ErrorBar::new_horizontal(y.clone(), *l, *v, *h, c.stroke_width(2), 8)
                }))
                .ok()?;
            chart
                .draw_series(
                    rows.iter()
                        .map(|(y, _, v, _, c)| Circle::new((*v, y.clone()), 4, c.filled())),
                )
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

/// A label short enough for an axis.
fn short(label: &str) -> String {
    if label.chars().count() <= 40 {
        label.to_owned()
    } else {
        label.chars().take(39).chain(['…']).collect()
    }
}

/// Accuracy (the task's headline metric) against throughput: one point per
/// timed strategy, MB/s on a log axis, the accuracy interval as a vertical
/// bar. `None` when no strategy was timed.
pub fn speed(task: Task, reports: &[&Report]) -> Option<String> {
    let head = headline(task);
    let points: Vec<(&Report, f64, f64, f64, f64)> = reports
        .iter()
        .filter_map(|r| {
            let t = r.timing.as_ref()?;
            let e = r.metrics.get(head)?;
            let v = e.value?;
            (t.mb_per_s.is_finite() && t.mb_per_s > 0.0).then_some((
                *r,
                t.mb_per_s,
                e.low.unwrap_or(v),
                v,
                e.high.unwrap_or(v),
            ))
        })
        .collect();
    if points.is_empty() {
        return None;
    }
    let lo = points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.1).fold(0.0, f64::max);
    // Whole decades either side, so the log axis has labels.
    let x0 = 10f64.powf(lo.log10().floor() - 0.0);
    let x1 = 10f64.powf(hi.log10().ceil().max(lo.log10().floor() + 1.0) + 0.3);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 380)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{head} against throughput ({task})"),
                ("sans-serif", 15),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d((x0..x1).log_scale(), 0f64..1f64)
            .ok()?;
        chart
            .configure_mesh()
            .x_desc("MB/s (log scale, best of N wall time over the corpus)")
            .y_desc(head)
            .x_label_formatter(&|x| {
                if *x >= 1.0 {
                    format!("{x:.0}")
                } else {
                    format!("{x:.2}")
                }
            })
            .y_label_formatter(&|y| format!("{y:.1}"))
            .label_style(("sans-serif", 12))
            .light_line_style(RGBColor(0xee, 0xee, 0xee))
            .draw()
            .ok()?;
        chart
            .draw_series(points.iter().map(|(r, x, l, v, h)| {
                ErrorBar::new_vertical(*x, *l, *v, *h, colour(&r.strategy).stroke_width(2), 8)
            }))
            .ok()?;
        chart
            .draw_series(points.iter().map(|(r, x, _, v, _)| {
                EmptyElement::at((*x, *v))
                    + Circle::new((0, 0), 5, colour(&r.strategy).filled())
                    + Text::new(short(&r.strategy), (8, -14), ("sans-serif", 12))
            }))
            .ok()?;
        root.present().ok()?;
    }
    Some(svg)
}
