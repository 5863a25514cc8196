//! The finished submission: default on-site scores, `school.yaml`,
//! `inspection.yaml`, every file by path, and writing the folder.

use super::spec::{Spec, COUNTY};
use super::sub::Sub;
use super::write;
use std::collections::BTreeMap;
use std::path::Path;

impl Sub<'_> {
    /// Full marks for every on-site item that applies; `flaws` lower them.
    pub(crate) fn default_onsite(&mut self) {
        self.team = vec![
            ("张建华", "澴阳县教育局基础教育科"),
            ("李红梅", "澴阳县教育局安全管理股"),
            ("周志强", "澴阳县市场监督管理局城关所"),
        ];
        if !self.kids.is_empty() {
            self.score("care.home", 3.0, "", &["照片/留守儿童之家.jpg"]);
        }
        self.score("enrollment.teachers", 4.0, "", &[]);
        self.score("enrollment.lesson_prep", 3.0, "", &[]);
        self.score("safety.fire_exits", 2.0, "", &["照片/疏散通道.jpg"]);
        self.score("safety.facilities", 3.0, "", &[]);
        self.score("safety.environment", 2.0, "", &["照片/校园环境.jpg"]);
        if self.spec.canteen {
            self.score("food.kitchen", 1.0, "", &["照片/食堂后厨.jpg"]);
        }
    }
}

/// A YAML double-quoted string.
pub(crate) fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub(crate) fn num(x: f64) -> String {
    ducha::present::number::plain(x)
}

impl Sub<'_> {
    pub(crate) fn school_yaml(&self) -> String {
        let s = self.spec;
        let students: i64 = self.classes.iter().map(|c| c.size).sum();
        let mut y = format!("# 学校基本信息(开学检查 school.yaml)\nname: {}\ncode: {}\ntype: {}\ntownship: {}\nterm_start: {}\n", s.name, q(&s.code), s.kind.id(), s.township, self.term_start);
        if !s.inspected {
            y.push_str(&format!(
                "# 学校自查日期:没有检查组现场记录时,按此日期计算各项时限\nself_audit_date: {}\n",
                s.date
            ));
        }
        y.push_str(&format!(
            "principal: {}\nphone: {}\nheadcounts:\n  students: {students}\n  teachers: {}\n",
            s.principal,
            q(&s.phone),
            self.staff.len()
        ));
        y.push_str(&format!(
            "  left_behind: {}\n  special_ed: {}\n  migrant_applicants: {}\n",
            s.left_behind,
            if s.special_ed { 2 } else { 0 },
            s.migrants
        ));
        y.push_str(&format!(
            "flags:\n  canteen: {}\n  school_bus: {}\n  boarding: {}\n",
            s.canteen,
            s.buses > 0,
            s.boarding
        ));
        if s.canteen {
            y.push_str(&format!(
                "food_license:\n  number: {}\n  expires: {}\n",
                self.licence_number(),
                s.licence_expires
            ));
        }
        y
    }

    pub(crate) fn inspection_yaml(&self) -> String {
        let s = self.spec;
        let mut y = format!(
            "# {COUNTY}教育局 2026年秋季开学检查 现场检查记录\n# 受检学校:{}\nteam:\n",
            s.name
        );
        for (name, unit) in &self.team {
            y.push_str(&format!("  - name: {name}\n    unit: {unit}\n"));
        }
        y.push_str(&format!("visit_date: {}\nitems:\n", s.date));
        for o in &self.onsite {
            y.push_str(&format!("  {}:\n    score: {}\n", o.item, num(o.score)));
            if !o.finding.is_empty() {
                y.push_str(&format!("    finding: {}\n", q(&o.finding)));
            }
            if !o.photos.is_empty() {
                y.push_str(&format!("    photos: [{}]\n", o.photos.join(", ")));
            }
            if o.veto {
                y.push_str("    veto: true\n");
            }
        }
        if !self.waivers.is_empty() {
            y.push_str("waivers:\n");
            for (item, reason, by, until) in &self.waivers {
                y.push_str(&format!(
                    "  - item: {item}\n    reason: {}\n    approved_by: {}\n    expires: {until}\n",
                    q(reason),
                    q(by)
                ));
            }
        }
        y
    }

    /// Every file of the submission, by path.
    pub(crate) fn render(mut self) -> BTreeMap<String, Vec<u8>> {
        let mut out = std::mem::take(&mut self.files);
        for table in self.tables.values() {
            out.insert(table.path.clone(), table.bytes());
        }
        out.insert("school.yaml".into(), self.school_yaml().into_bytes());
        // The school's own scores: its 自评表, as `ducha init` writes it.
        if !self.self_scores.is_empty() {
            let score = |id: &str| {
                self.self_scores
                    .iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, s)| *s)
            };
            let book = ducha::selfassess::write(
                crate::official(),
                self.spec.kind.id(),
                ducha::present::Lang::Zh,
                score,
            )
            .expect("the self-assessment workbook is written");
            out.insert(ducha::selfassess::file_name().into(), book);
        }
        if self.spec.inspected {
            let photos: Vec<String> = self.onsite.iter().flat_map(|o| o.photos.clone()).collect();
            for p in photos {
                out.entry(p)
                    .or_insert_with(|| write::jpg(64, 48, self.rng.next()));
            }
            out.insert(
                "inspection.yaml".into(),
                self.inspection_yaml().into_bytes(),
            );
        }
        out
    }
}

/// Every file of a school's submission, by path: the clean submission
/// built from the profile, then its flaws.
pub fn build(spec: &Spec) -> BTreeMap<String, Vec<u8>> {
    build_designed(spec).0
}

/// The files of [`build`], and the items the flaws were meant to cost
/// points (recorded by the synthetic schools' random flaws; empty for
/// the curated samples, whose design is `Spec::issues`).
pub fn build_designed(spec: &Spec) -> (BTreeMap<String, Vec<u8>>, Vec<&'static str>) {
    let mut sub = Sub::new(spec);
    sub.care();
    sub.enrollment();
    sub.safety();
    sub.food();
    sub.bus();
    sub.fees();
    if spec.inspected {
        sub.default_onsite();
    }
    (spec.flaws)(&mut sub);
    let mut flawed = std::mem::take(&mut sub.flawed);
    flawed.sort_unstable();
    flawed.dedup();
    (sub.render(), flawed)
}

/// Writes a submission folder, replacing any earlier one.
pub fn write_folder(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    for (path, bytes) in files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, bytes)?;
    }
    Ok(())
}
