//! The parts of the page, one concern a file.

mod add_texts;
mod annotation_list;
mod annotation_popover;
mod article;
mod article_block;
mod export_button;
mod history_buttons;
mod import_dialog;
mod intake_report;
mod legend;
mod library_export;
mod library_row;
mod library_view;
mod resize_handles;
mod shortcuts_help;
mod storage_banner;
mod storage_usage;
mod tag_all_offer;
mod tag_toolbar;
mod unplaced_list;

pub use add_texts::AddTexts;
pub use annotation_list::AnnotationList;
pub use annotation_popover::AnnotationPopover;
pub use article::{Article, ArticleNode};
pub use article_block::ArticleBlock;
pub use export_button::ExportButton;
pub use history_buttons::HistoryButtons;
pub use import_dialog::ImportDialog;
pub use legend::Legend;
pub use library_view::{KeepingBanner, LibraryView};
pub use resize_handles::ResizeHandles;
pub use shortcuts_help::ShortcutsHelp;
pub use storage_banner::StorageBanner;
pub use tag_all_offer::TagAllOffer;
pub use tag_toolbar::TagToolbar;
pub use unplaced_list::UnplacedList;
