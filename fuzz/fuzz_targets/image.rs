//! The image path: header sniffing, the pixel limit read before decoding, decoding within memory
//! limits and resizing never panic, and never take memory or time beyond the limit's worth: an
//! input that declares more pixels than the limit is refused before anything is decoded.
#![no_main]

use annalist::config::ImageSettings;
use annalist::images;
use image::ImageFormat;
use libfuzzer_sys::fuzz_target;

/// Small, so that a fuzzer's input that declares a big image is refused fast.
const MAX_PIXELS: u64 = 1 << 20;

fuzz_target!(|bytes: &[u8]| {
    let settings = ImageSettings {
        widths: vec![16, 64],
        ..ImageSettings::default()
    };
    for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP] {
        if let Ok(img) = images::decode(bytes, format, MAX_PIXELS) {
            assert!(u64::from(img.width()) * u64::from(img.height()) <= MAX_PIXELS);
            let out = images::encode_all(bytes, format, &settings, MAX_PIXELS)
                .expect("what decodes, encodes");
            for v in &out.processed.webp {
                assert!(v.width <= img.width(), "never wider than the original");
            }
        }
    }
});
