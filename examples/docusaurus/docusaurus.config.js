module.exports = {
  title: "Quillpad",
  url: "https://docs.quillpad.example",
  baseUrl: "/",
};
