//! Helpers: writing small datasets into temporary folders, running the binary.

use std::path::{Path, PathBuf};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A dataset folder in a temporary directory; files are written as given.
pub struct Dataset {
    pub dir: tempfile::TempDir,
}

impl Dataset {
    pub fn new(files: &[(&str, &str)]) -> Dataset {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        Dataset { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("..").join(format!(
            "{}-out",
            self.dir.path().file_name().expect("name").to_string_lossy()
        ))
    }
}

impl Drop for Dataset {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.out());
    }
}

pub fn citybrief() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("citybrief").expect("binary")
}

/// Every file below `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("prefix").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

pub const REGIONS: &str = "id,name_zh,name_en,level,parent,province
alpha,甲市,Alpha,city,,示例省
alpha-zone,甲市开发区,Alpha Zone,zone,alpha,示例省
alpha-county,甲县,Alpha County,county,alpha,示例省
alpha-county-zone,甲县园区,Alpha County Park,zone,alpha-county,示例省
beta,乙市,Beta,city,,示例省
";

pub const SOURCES: &str = "id,title,publisher,published,url,language
s1,示例来源一,某局,2025-01-02,https://example.org/a,zh-Hans
s2,示例来源二,,,,zh-Hans
";
