export default function Page() {
  return <p>page at /x</p>
}
