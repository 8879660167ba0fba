//! What paid calls cost and how much a day may spend: the `[budget]` and `[prices]` tables.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The daily budget.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetConfig {
    /// USD a UTC day may spend on paid provider calls, shared by every process on the store. Unset: no
    /// limit. A moderator's budget (`PUT /internal/budget`) takes its place while one is stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_usd: Option<f64>,
}

/// What one model's calls cost, in USD.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Price {
    /// Per million output tokens: a Gemini answer's `usageMetadata.candidatesTokenCount`.
    pub output_per_million: f64,
    /// Per million input tokens: `usageMetadata.promptTokenCount`.
    pub input_per_million: f64,
    /// Per picture: what an OpenAI picture costs, what a Gemini answer without usage metadata is charged,
    /// and what every call reserves against the daily budget before it is made.
    pub picture: f64,
}

impl Default for Price {
    /// The dearest model we name, so a model missing from the table is not under-counted.
    fn default() -> Self {
        Price {
            output_per_million: 120.0,
            input_per_million: 2.0,
            picture: 0.134,
        }
    }
}

/// Prices by model name (`[prices."gemini-2.5-flash-image"]`); for an OpenAI model, `MODEL@SIZE` first
/// (`[prices."gpt-image-1@1024x1024"]`), then `MODEL`. A file's entries replace or add to the defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prices(pub BTreeMap<String, Price>);

impl Prices {
    /// The price of `model` (at `size`, when the price depends on it), and whether the table knows it.
    pub fn of(&self, model: &str, size: Option<&str>) -> (Price, bool) {
        let sized = size.and_then(|s| self.0.get(&format!("{model}@{s}")));
        match sized.or_else(|| self.0.get(model)) {
            Some(p) => (*p, true),
            None => (Price::default(), false),
        }
    }
}

impl Default for Prices {
    /// Google's and OpenAI's list prices for the models we name (notes/providers.md §1.6; OpenAI's page,
    /// medium quality).
    fn default() -> Self {
        let gemini = |output: f64, input: f64, picture: f64| Price {
            output_per_million: output,
            input_per_million: input,
            picture,
        };
        let openai = |picture: f64| Price {
            output_per_million: 0.0,
            input_per_million: 0.0,
            picture,
        };
        Prices(BTreeMap::from([
            ("gemini-2.5-flash-image".into(), gemini(30.0, 0.30, 0.039)),
            ("gemini-2.5-flash-image-preview".into(), gemini(30.0, 0.30, 0.039)),
            ("gemini-3.1-flash-image".into(), gemini(60.0, 0.50, 0.067)),
            ("gemini-3.1-flash-image-preview".into(), gemini(60.0, 0.50, 0.067)),
            ("gemini-3-pro-image".into(), gemini(120.0, 2.0, 0.134)),
            ("gemini-3-pro-image-preview".into(), gemini(120.0, 2.0, 0.134)),
            // Text models, for the case writer: `picture` is what one call holds (5,000 output tokens).
            ("gemini-2.5-flash".into(), gemini(2.50, 0.30, 0.0125)),
            ("gemini-2.5-pro".into(), gemini(10.0, 1.25, 0.05)),
            ("gpt-image-1@1024x1024".into(), openai(0.042)),
            ("gpt-image-1@1024x1536".into(), openai(0.063)),
            ("gpt-image-1@1536x1024".into(), openai(0.063)),
            ("gpt-image-1".into(), openai(0.063)),
            ("dall-e-3@1024x1024".into(), openai(0.04)),
            ("dall-e-3".into(), openai(0.08)),
        ]))
    }
}

/// A price as a file writes it: the fields it names replace the model's default (or the dearest's).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialPrice {
    output_per_million: Option<f64>,
    input_per_million: Option<f64>,
    picture: Option<f64>,
}

impl<'de> Deserialize<'de> for Prices {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut prices = Prices::default();
        for (model, partial) in BTreeMap::<String, PartialPrice>::deserialize(d)? {
            let price = prices.0.entry(model).or_default();
            for (value, slot) in [
                (partial.output_per_million, &mut price.output_per_million),
                (partial.input_per_million, &mut price.input_per_million),
                (partial.picture, &mut price.picture),
            ] {
                if let Some(v) = value {
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(serde::de::Error::custom(format!("a price must be 0 or more, not {v}")));
                    }
                    *slot = v;
                }
            }
        }
        Ok(prices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_adds_and_replaces_prices_and_an_unknown_model_gets_the_dearest() {
        #[derive(Deserialize)]
        struct File {
            prices: Prices,
        }
        let file: File = toml::from_str(
            "[prices.\"my-model\"]\npicture = 0.5\n[prices.\"gemini-2.5-flash-image\"]\noutput_per_million = 15.0\n",
        )
        .unwrap();
        assert_eq!(file.prices.of("my-model", None).0.picture, 0.5);
        let flash = file.prices.of("gemini-2.5-flash-image", None).0;
        assert_eq!((flash.output_per_million, flash.picture), (15.0, 0.039));
        assert_eq!(
            file.prices.of("gemini-3.1-flash-image", None).0.output_per_million,
            60.0
        );
        assert_eq!(file.prices.of("gpt-image-1", Some("1024x1024")).0.picture, 0.042);
        assert_eq!(file.prices.of("gpt-image-1", Some("999x999")).0.picture, 0.063);
        assert_eq!(file.prices.of("nobody-knows", None), (Price::default(), false));
    }
}
