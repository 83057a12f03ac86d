//! Charts as PNG for print (`build --png`): the same SVG, rendered by resvg
//! at 300 dpi across an A4 page's width, with a Chinese font found among the
//! system's fonts. Behind the cargo feature `png` (on by default).

/// Families tried in order; the first installed one draws every chart.
pub const PREFERRED: [&str; 9] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
];

/// Width of a chart's PNG in pixels: 210 mm (A4) at 300 dpi.
pub const WIDTH_PX: u32 = 2480;

/// What to say when no Chinese font is installed.
pub const NO_FONT: &str = "no Chinese font was found for PNG charts. Install one: on Debian or Ubuntu \
`apt-get install fonts-noto-cjk` (or the smaller fonts-wqy-microhei); on Fedora `dnf install google-noto-sans-cjk-fonts`; \
on Alpine `apk add font-noto-cjk`; on macOS and Windows a Chinese font is already there. Or build without --png";

#[cfg(feature = "png")]
mod imp {
    use super::{NO_FONT, PREFERRED, WIDTH_PX};
    use crate::error::Error;
    use resvg::{tiny_skia, usvg};

    /// Loads the system's fonts once and renders any number of charts.
    pub struct PngRenderer {
        options: usvg::Options<'static>,
        family: String,
    }

    impl PngRenderer {
        pub fn new() -> Result<PngRenderer, Error> {
            let mut options = usvg::Options::default();
            let db = options.fontdb_mut();
            db.load_system_fonts();
            let installed = |name: &str| {
                db.faces()
                    .any(|f| f.families.iter().any(|(family, _)| family == name))
            };
            let family = PREFERRED
                .iter()
                .find(|name| installed(name))
                .map(|name| name.to_string())
                .ok_or_else(|| Error::Other(NO_FONT.to_string()))?;
            db.set_sans_serif_family(&family);
            options.font_family = family.clone();
            Ok(PngRenderer { options, family })
        }

        /// The family that draws the charts, for `--verbose`.
        pub fn family(&self) -> &str {
            &self.family
        }

        /// One chart: white background, 300 dpi at A4 width.
        pub fn render(&self, svg: &str, name: &str) -> Result<Vec<u8>, Error> {
            let fail = |why: String| Error::Chart(format!("{name}: cannot draw it as PNG: {why}"));
            let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| fail(e.to_string()))?;
            let size = tree.size();
            let scale = WIDTH_PX as f32 / size.width();
            let height = (size.height() * scale).ceil() as u32;
            let mut pixmap = tiny_skia::Pixmap::new(WIDTH_PX, height.max(1))
                .ok_or_else(|| fail(format!("a {WIDTH_PX}×{height} image is too large")))?;
            pixmap.fill(tiny_skia::Color::WHITE);
            resvg::render(
                &tree,
                tiny_skia::Transform::from_scale(scale, scale),
                &mut pixmap.as_mut(),
            );
            let png = pixmap.encode_png().map_err(|e| fail(e.to_string()))?;
            Ok(with_dpi(png, 300))
        }
    }

    /// Adds a `pHYs` chunk after `IHDR`, so that print software sizes the
    /// image at `dpi` (tiny-skia writes none).
    fn with_dpi(png: Vec<u8>, dpi: u32) -> Vec<u8> {
        // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 crc).
        const AFTER_IHDR: usize = 33;
        if png.len() < AFTER_IHDR || &png[12..16] != b"IHDR" {
            return png;
        }
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        let mut chunk = Vec::with_capacity(21);
        chunk.extend_from_slice(&9u32.to_be_bytes());
        let mut body = b"pHYs".to_vec();
        body.extend_from_slice(&per_metre.to_be_bytes());
        body.extend_from_slice(&per_metre.to_be_bytes());
        body.push(1); // unit: metre
        chunk.extend_from_slice(&body);
        chunk.extend_from_slice(&crc32(&body).to_be_bytes());
        let mut out = Vec::with_capacity(png.len() + chunk.len());
        out.extend_from_slice(&png[..AFTER_IHDR]);
        out.extend_from_slice(&chunk);
        out.extend_from_slice(&png[AFTER_IHDR..]);
        out
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                let mask = (crc & 1).wrapping_neg();
                crc = (crc >> 1) ^ (0xedb8_8320 & mask);
            }
        }
        !crc
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn crc_of_the_iend_chunk_type_is_the_known_one() {
            assert_eq!(crc32(b"IEND"), 0xae42_6082);
        }
    }
}

#[cfg(feature = "png")]
pub use imp::PngRenderer;

/// Without the `png` feature, `--png` says how to get it.
#[cfg(not(feature = "png"))]
pub struct PngRenderer;

#[cfg(not(feature = "png"))]
impl PngRenderer {
    pub fn new() -> Result<PngRenderer, crate::error::Error> {
        Err(crate::error::Error::Other(
            "this citybrief was built without PNG charts (the cargo feature `png`); install it with `cargo install --path .` and default features".to_string(),
        ))
    }

    pub fn family(&self) -> &str {
        ""
    }

    pub fn render(&self, _svg: &str, _name: &str) -> Result<Vec<u8>, crate::error::Error> {
        Err(crate::error::Error::Other(
            "PNG charts are not built in".to_string(),
        ))
    }
}
