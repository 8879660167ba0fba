//! The procedural painter (the `painter` crate) as an image provider: deterministic, offline, fast.

use async_trait::async_trait;

use super::{Call, ImageProvider, ImageRequest, Picture, ProviderError, Subject};

/// Paints with the procedural renderer, on the blocking pool (a picture takes some milliseconds of CPU).
#[derive(Debug, Clone, Copy, Default)]
pub struct ProceduralArt;

impl ProceduralArt {
    pub fn new() -> Self {
        ProceduralArt
    }
}

#[async_trait]
impl ImageProvider for ProceduralArt {
    fn name(&self) -> &'static str {
        "procedural"
    }

    async fn generate(&self, request: &ImageRequest) -> Call {
        let request = request.clone();
        tokio::task::spawn_blocking(move || render(&request))
            .await
            .map(Picture::Pixels)
            .map_err(|e| ProviderError::Retryable {
                message: format!("procedural renderer task failed: {e}"),
                retry_after: None,
            })
            .into()
    }
}

/// Paints one picture. Same request, same pixels.
pub fn render(request: &ImageRequest) -> image::RgbImage {
    let subject = match &request.subject {
        Subject::Location(l) => painter::Subject::Location(painter::Location {
            name: &l.name,
            description: &l.description,
        }),
        Subject::Suspect(s) => painter::Subject::Suspect(painter::Suspect {
            name: &s.name,
            age: s.age,
            gender: &s.gender,
            occupation: &s.occupation,
            appearance: &s.appearance,
        }),
        Subject::Evidence(e) => painter::Subject::Evidence(painter::Evidence {
            name: &e.name,
            description: &e.description,
        }),
    };
    painter::paint(&painter::Request {
        case_id: &request.case_id,
        index: request.slot.index,
        take: request.take,
        subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Slot, SlotKind, Suspect};

    #[tokio::test]
    async fn the_provider_returns_the_painters_pixels() {
        let suspect = Suspect {
            id: "vivian-cross".into(),
            name: "Vivian Cross".into(),
            age: 34,
            gender: "female".into(),
            occupation: "Nightclub singer".into(),
            appearance: "Platinum blonde bob, a cloche hat, pearls and dark lipstick.".into(),
            background: String::new(),
            alibi: String::new(),
            profile_image_url: None,
        };
        let request = ImageRequest {
            case_id: "case-2024-03-14".into(),
            slot: Slot::new(SlotKind::Suspect, 0),
            prompt: String::new(),
            subject: Subject::Suspect(suspect),
            take: 0,
        };
        let art = ProceduralArt::new();
        assert_eq!(art.name(), "procedural");
        let expected = painter::paint(&painter::Request {
            case_id: "case-2024-03-14",
            index: 0,
            take: 0,
            subject: painter::Subject::Suspect(painter::Suspect {
                name: "Vivian Cross",
                age: 34,
                gender: "female",
                occupation: "Nightclub singer",
                appearance: "Platinum blonde bob, a cloche hat, pearls and dark lipstick.",
            }),
        });
        match art.generate(&request).await.result {
            Ok(Picture::Pixels(img)) => {
                assert_eq!(img.dimensions(), painter::size_of(painter::Kind::Suspect));
                assert!(img == expected, "the provider painted other pixels than the painter");
            }
            Ok(Picture::Encoded(_)) => panic!("expected raw pixels"),
            Err(e) => panic!("{e}"),
        }
    }
}
