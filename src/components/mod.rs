//! The parts of the page, one concern a file.

mod article;
mod article_block;
mod export_button;
mod legend;
mod storage_banner;
mod tag_toolbar;

pub use article::Article;
pub use article_block::ArticleBlock;
pub use export_button::ExportButton;
pub use legend::Legend;
pub use storage_banner::StorageBanner;
pub use tag_toolbar::TagToolbar;
