//! Writes the image benchmark's sites: N photographic test images of W × H pixels (smooth
//! gradients with per-pixel noise, so that they compress like photos, not like flat colour), each
//! the medium of one event, as an annalist site and as the equivalent Hugo site.
//!
//!     gen-images N OUTDIR [W H]
//!
//! Deterministic: the same arguments give byte-identical files.

use std::fs;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let out = Path::new(args.get(2).map_or("images-bench", String::as_str)).to_path_buf();
    let w: u32 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(3000);
    let h: u32 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let site = out.join("site");
    let hugo = out.join("hugo");
    fs::create_dir_all(site.join("content")).unwrap();
    fs::create_dir_all(hugo.join("content/posts")).unwrap();
    fs::create_dir_all(hugo.join("layouts/_default")).unwrap();
    fs::write(site.join("site.yaml"), "title: Image bench\nimages: {widths: [480, 960, 1600], quality: 80}\n").unwrap();
    fs::write(
        hugo.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Image bench'\n[imaging]\nquality = 80\nresampleFilter = 'Lanczos'\n",
    )
    .unwrap();
    fs::write(hugo.join("layouts/_default/list.html"), "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>\n").unwrap();
    fs::write(
        hugo.join("layouts/_default/single.html"),
        "<h1>{{ .Title }}</h1>{{ with .Resources.GetMatch \"photo.jpg\" }}<picture>{{ range slice 480 960 1600 }}{{ $w := . }}{{ $r := $.Resources.GetMatch \"photo.jpg\" }}{{ $i := $r.Resize (printf \"%dx webp q80\" $w) }}{{ $f := $r.Resize (printf \"%dx q80\" $w) }}<source srcset=\"{{ $i.RelPermalink }} {{ $w }}w\"><img src=\"{{ $f.RelPermalink }}\" width=\"{{ $f.Width }}\" height=\"{{ $f.Height }}\" alt=\"\">{{ end }}</picture>{{ end }}{{ .Content }}\n",
    )
    .unwrap();
    let mut seed: u32 = 0x9e37_79b9;
    for i in 0..n {
        let (a, b) = ((i * 37 % 256) as u32, (i * 91 % 256) as u32);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed % 48) as u32;
            image::Rgb([
                ((x * 255 / w + a + noise) % 256) as u8,
                ((y * 255 / h + b + noise) % 256) as u8,
                (((x + y) * 128 / (w + h) + noise) % 256) as u8,
            ])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
            .encode_image(&img)
            .unwrap();
        let name = format!("e{i:04}");
        let bundle = site.join("content").join(&name);
        fs::create_dir_all(&bundle).unwrap();
        fs::write(bundle.join("photo.jpg"), &jpeg).unwrap();
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        fs::write(
            bundle.join("index.md"),
            format!("---\ntitle: Event {i}\ndate: 2024-{month:02}-{day:02}\nsummary: Event {i}.\nmedia:\n  - src: photo.jpg\n    alt: Test image {i}\n---\nBody {i}.\n"),
        )
        .unwrap();
        let post = hugo.join("content/posts").join(&name);
        fs::create_dir_all(&post).unwrap();
        fs::write(post.join("photo.jpg"), &jpeg).unwrap();
        fs::write(
            post.join("index.md"),
            format!("---\ntitle: Event {i}\ndate: 2024-{month:02}-{day:02}\n---\nBody {i}.\n"),
        )
        .unwrap();
    }
}
