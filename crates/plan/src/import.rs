//! Reading a work-plan document (text or Markdown, Chinese or English).
