export default function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("images");
}
