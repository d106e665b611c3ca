package dev.multiproc.cli;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a page of {@link HtmlRenderer} as XML, which its contract says it is, so that tests can query its
 * structure with XPath instead of matching text. A page that is not well-formed fails the test.
 */
final class HtmlCheck {
    private HtmlCheck() {
    }

    /** The page as a DOM; throws {@link IllegalArgumentException} if it is not well-formed. */
    static Document parse(String page) {
        try {
            DocumentBuilder builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
            builder.setErrorHandler(new Strict()); // the default handler also prints every error to stderr
            return builder.parse(new InputSource(new StringReader(page)));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalArgumentException("not well-formed: " + e.getMessage(), e);
        }
    }

    /** The elements an XPath expression selects, in document order. */
    static List<Element> all(Document dom, String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, dom,
                    XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath: " + xpath, e);
        }
    }

    /** The one element an XPath expression selects; fails unless there is exactly one. */
    static Element one(Document dom, String xpath) {
        List<Element> found = all(dom, xpath);
        if (found.size() != 1) {
            throw new AssertionError("expected one element for " + xpath + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** A numeric attribute. */
    static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    private static final class Strict implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
