//! The jobs, one per file: each type is its stored payload and runs on the workers' `Environment`.

mod daily_case;
mod generate_case_images;

pub use daily_case::DailyCase;
pub use generate_case_images::GenerateCaseImages;
